import { describe, expect, it } from "vitest";
import { isOwnCommit, WRITE_BACK_TRAILER } from "../../src/write-back/own-commit.js";
import { writeBackMessage } from "../../src/write-back/commit-message.js";

const BOT = "plan-sync[bot]";
const person = { name: "Ada Lovelace", email: "ada@example.com", username: "ada" };

describe("isOwnCommit", () => {
  it("recognises a commit the app made through the contents API (author and committer are the bot)", () => {
    const bot = { name: BOT, email: `41898282+${BOT}@users.noreply.github.com`, username: BOT };
    expect(isOwnCommit({ message: "plan-sync: mark DATA1 done", author: bot, committer: bot }, BOT)).toBe(true);
  });

  it("recognises the bot by its noreply email alone", () => {
    const bot = { name: "Plan Sync", email: `123+${BOT}@users.noreply.github.com` };
    expect(isOwnCommit({ message: "x", author: bot, committer: person }, BOT)).toBe(true);
  });

  it("recognises a commit committed by the bot though authored by a person, without the trailer", () => {
    // e.g. the app re-applying a person's change: author kept, committer the bot.
    const bot = { name: BOT, email: `41898282+${BOT}@users.noreply.github.com`, username: BOT };
    expect(isOwnCommit({ message: "Tick DATA1", author: person, committer: bot }, BOT)).toBe(true);
    expect(isOwnCommit({ message: "Tick DATA1", author: person, committer: { name: BOT } }, BOT)).toBe(true);
  });

  it("recognises a squash of the app's commit by a person through the trailer", () => {
    const message = `plan-sync: mark DATA1 done (#7)\n\n${WRITE_BACK_TRAILER}`;
    expect(
      isOwnCommit(
        { message, author: person, committer: { name: "GitHub", email: "noreply@github.com", username: "web-flow" } },
        BOT,
      ),
    ).toBe(true);
  });

  it("reads the trailer from the messages the write-back itself produces, CRLF too", () => {
    const message = writeBackMessage({ done: ["DATA1"], reopened: [], linked: [] });
    expect(isOwnCommit({ message, author: person }, BOT)).toBe(true);
    expect(isOwnCommit({ message: message.replace(/\n/g, "\r\n"), author: person }, BOT)).toBe(true);
  });

  it("finds the trailer paragraph of a CRLF message, blank lines with spaces too", () => {
    const crlf = `Tick DATA1\r\n\r\nDone by hand.\r\n  \r\n${WRITE_BACK_TRAILER}\r\n`;
    expect(isOwnCommit({ message: crlf, author: person }, BOT)).toBe(true);
    // The trailer line in the body is not in the last paragraph, so it does not count, CRLF or not.
    const mentioned = `Docs\r\n\r\n${WRITE_BACK_TRAILER}\r\n\r\nSigned-off-by: Ada <ada@example.com>`;
    expect(isOwnCommit({ message: mentioned, author: person }, BOT)).toBe(false);
  });

  it("does not treat a person's commit as the app's", () => {
    expect(isOwnCommit({ message: "Tick DATA1 by hand", author: person, committer: person }, BOT)).toBe(false);
  });

  it("does not treat another app's bot as this app", () => {
    const other = {
      name: "renovate[bot]",
      email: `29139614+renovate[bot]@users.noreply.github.com`,
      username: "renovate[bot]",
    };
    expect(isOwnCommit({ message: "chore(deps): update", author: other, committer: other }, BOT)).toBe(false);
  });

  it("ignores the trailer text when it is only mentioned in the subject or body, not as a trailer", () => {
    expect(isOwnCommit({ message: `${WRITE_BACK_TRAILER} is what the bot writes`, author: person }, BOT)).toBe(false);
    expect(
      isOwnCommit(
        {
          message: `Docs\n\nThe bot writes \`${WRITE_BACK_TRAILER}\` into its commits.\n\nSigned-off-by: Ada <ada@example.com>`,
          author: person,
        },
        BOT,
      ),
    ).toBe(false);
  });

  it("recognises the bot by its login alone, in any case", () => {
    expect(isOwnCommit({ message: "x", author: { name: "Plan Sync", username: "Plan-Sync[Bot]" } }, BOT)).toBe(true);
  });

  it("recognises the bot's noreply email without the numeric id, and with only an email given", () => {
    expect(isOwnCommit({ message: "x", author: { email: `${BOT}@users.noreply.github.com` } }, BOT)).toBe(true);
    expect(isOwnCommit({ message: "x", author: { email: `7+${BOT}@users.noreply.github.com` } }, BOT)).toBe(true);
  });

  it("a person known only by name, or a commit without a message, is not the app (no crash on missing fields)", () => {
    expect(isOwnCommit({ message: "x", author: { name: "Ada" }, committer: { username: "ada" } }, BOT)).toBe(false);
    expect(isOwnCommit({ author: person }, BOT)).toBe(false);
  });

  it("finds the trailer among other trailers, and before trailing blank lines", () => {
    const trailers = `Tick DATA1\n\nSigned-off-by: Ada <ada@example.com>\n${WRITE_BACK_TRAILER}`;
    expect(isOwnCommit({ message: trailers, author: person }, BOT)).toBe(true);
    expect(isOwnCommit({ message: `Tick DATA1\n\n${WRITE_BACK_TRAILER}\n\n\n`, author: person }, BOT)).toBe(true);
  });

  it("a line of spaces ends a paragraph: a trailer above it is not in the last paragraph", () => {
    const message = `Docs\n\n${WRITE_BACK_TRAILER}\n \t\nSigned-off-by: Ada <ada@example.com>`;
    expect(isOwnCommit({ message, author: person }, BOT)).toBe(false);
  });

  it("is false for a push without a head commit (branch deletion)", () => {
    expect(isOwnCommit(null, BOT)).toBe(false);
  });
});
