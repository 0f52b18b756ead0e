import { describe, expect, test } from "vitest";
import { parseMarker, renderMarker, replaceMarker, withDeps } from "../../src/render/marker.js";

const marker = { path: "docs/plan.md", task: "DATA1", hash: "3f2a9c0d11e4b7a8" };

describe("issue marker", () => {
  test("renders as one hidden, versioned HTML comment", () => {
    expect(renderMarker(marker)).toBe(
      '<!-- plan-sync:v1 {"path":"docs/plan.md","task":"DATA1","hash":"3f2a9c0d11e4b7a8"} -->',
    );
  });

  test("round-trips, also for paths with quotes, spaces, unicode and a comment terminator", () => {
    for (const path of ["docs/plan.md", 'pla"ns/q 3.md', "docs/plän ✓.md", "weird/--> here.md"]) {
      const m = { ...marker, path };
      const rendered = renderMarker(m);
      expect(rendered.indexOf("-->")).toBe(rendered.length - 3);
      expect(parseMarker(`Body text\n\n${rendered}\n`)).toEqual(m);
    }
  });

  test("is found in a body saved from the web editor with CRLF line ends", () => {
    expect(parseMarker(`Line one\r\nLine two\r\n\r\n${renderMarker(marker)}\r\n`)).toEqual(marker);
  });

  test("only the exact versioned form counts", () => {
    const json = '{"path":"docs/plan.md","task":"DATA1","hash":"3f2a9c0d11e4b7a8"}';
    expect(parseMarker(`<!-- plan-sync:v2 ${json} -->`)).toBeNull();
    expect(parseMarker(`<!-- plan-sync ${json} -->`)).toBeNull();
    expect(parseMarker(`plan-sync:v1 ${json}`)).toBeNull();
    expect(parseMarker("no marker at all")).toBeNull();
  });

  test("malformed JSON or missing fields read as no marker", () => {
    expect(parseMarker('<!-- plan-sync:v1 {"path":"docs/plan.md","task":"DATA1",} -->')).toBeNull();
    expect(parseMarker('<!-- plan-sync:v1 {"path":"docs/plan.md","hash":"3f2a9c0d11e4b7a8"} -->')).toBeNull();
    expect(parseMarker('<!-- plan-sync:v1 {"path":"","task":"DATA1","hash":"3f2a9c0d11e4b7a8"} -->')).toBeNull();
  });

  test("when a body holds several markers, the last valid one wins", () => {
    const other = { ...marker, task: "DATA2" };
    expect(parseMarker(`${renderMarker(other)}\n\n${renderMarker(marker)}\n<!-- plan-sync:v1 {bad} -->`)).toEqual(
      marker,
    );
  });

  test("replaceMarker re-points the marker and leaves every other byte alone", () => {
    const body = `People edited this.\r\nAnd this.\r\n\r\n${renderMarker(marker)}\r\n`;
    const moved = { ...marker, path: "plans/renamed.md" };
    const out = replaceMarker(body, moved);
    expect(out).toBe(`People edited this.\r\nAnd this.\r\n\r\n${renderMarker(moved)}\r\n`);
    expect(parseMarker(out)).toEqual(moved);
  });

  test("replaceMarker appends a marker to a body that lost it", () => {
    expect(parseMarker(replaceMarker("Marker removed by someone.\n", marker))).toEqual(marker);
  });
});

describe("issue marker: last synced state", () => {
  test("`done` is written after the hash when known, and read back", () => {
    for (const done of [true, false]) {
      const m = { ...marker, done };
      expect(renderMarker(m)).toBe(
        `<!-- plan-sync:v1 {"path":"docs/plan.md","task":"DATA1","hash":"3f2a9c0d11e4b7a8","done":${done}} -->`,
      );
      expect(parseMarker(`Body\n\n${renderMarker(m)}\n`)).toEqual(m);
    }
  });

  test("a marker written before `done` existed still reads, without it", () => {
    const old = '<!-- plan-sync:v1 {"path":"docs/plan.md","task":"DATA1","hash":"3f2a9c0d11e4b7a8"} -->';
    const read = parseMarker(old);
    expect(read).toEqual(marker);
    expect(read && "done" in read).toBe(false);
  });

  test("a `done` that is not a boolean reads as unknown; the issue keeps its identity", () => {
    expect(
      parseMarker(
        '<!-- plan-sync:v1 {"path":"docs/plan.md","task":"DATA1","hash":"3f2a9c0d11e4b7a8","done":"yes"} -->',
      ),
    ).toEqual(marker);
  });

  test("replaceMarker records the state and leaves every other byte alone", () => {
    const body = `People edited this.\r\n\r\n${renderMarker(marker)}\r\n`;
    expect(replaceMarker(body, { ...marker, done: true })).toBe(
      `People edited this.\r\n\r\n<!-- plan-sync:v1 {"path":"docs/plan.md","task":"DATA1","hash":"3f2a9c0d11e4b7a8","done":true} -->\r\n`,
    );
  });

  test("with a routed issue's repo, `done` comes after it, and both read back", () => {
    const both = { ...marker, repo: "acme/planning", done: false };
    expect(renderMarker(both)).toBe(
      '<!-- plan-sync:v1 {"path":"docs/plan.md","task":"DATA1","hash":"3f2a9c0d11e4b7a8","repo":"acme/planning","done":false} -->',
    );
    expect(parseMarker(renderMarker(both))).toEqual(both);
  });
});

describe("issue marker of a routed issue", () => {
  test("names the plan's repository; a marker without it reads as before", () => {
    const routed = { ...marker, repo: "acme/planning" };
    expect(renderMarker(routed)).toBe(
      '<!-- plan-sync:v1 {"path":"docs/plan.md","task":"DATA1","hash":"3f2a9c0d11e4b7a8","repo":"acme/planning"} -->',
    );
    expect(parseMarker(`x\n\n${renderMarker(routed)}\n`)).toEqual(routed);
    expect(parseMarker(renderMarker(marker))).toEqual(marker);
    expect(parseMarker(renderMarker(marker))).not.toHaveProperty("repo");
  });

  test("a repo that is not owner/name makes the marker unreadable", () => {
    const json = '{"path":"docs/plan.md","task":"DATA1","hash":"3f2a9c0d11e4b7a8","repo":"planning"}';
    expect(parseMarker(`<!-- plan-sync:v1 ${json} -->`)).toBeNull();
  });
});

describe("issue marker: last linked dependencies", () => {
  const base = { path: "docs/plan.md", task: "GAIN2", hash: "0123456789abcdef" };

  test("round-trips the dependencies; none leaves the marker as it was before dependencies existed", () => {
    expect(parseMarker(renderMarker({ ...base, deps: ["GAIN1", "DATA1"] }))).toEqual({
      ...base,
      deps: ["GAIN1", "DATA1"],
    });
    expect(renderMarker({ ...base, deps: [] })).toBe(renderMarker(base));
  });

  test("withDeps changes only the marker, and nothing when the recorded set is the same", () => {
    const body = `Text by people\n\n${renderMarker({ ...base, done: false })}\n`;
    const linked = withDeps(body, ["DATA1"]);
    expect(linked).toBe(`Text by people\n\n${renderMarker({ ...base, done: false, deps: ["DATA1"] })}\n`);
    expect(withDeps(linked, ["DATA1"])).toBe(linked);
    expect(withDeps(linked, [])).toBe(body);
  });

  test("a hand-edited dependency list reads as none, the issue keeps its identity", () => {
    const body = `<!-- plan-sync:v1 {"path":"docs/plan.md","task":"GAIN2","hash":"0123456789abcdef","deps":"GAIN1"} -->`;
    expect(parseMarker(body)).toEqual(base);
  });
});
