import { describe, expect, it } from "vitest";
import {
  columnRole,
  isStrongIdHeader,
  nearMissHeader,
  normalizeHeader,
  resemblesTaskIdHeader,
} from "../../src/plan/header-name.js";

/** Which column a header cell names, as authors spell it, and the header they probably meant when it names none. */
describe("header names", () => {
  it("are matched ignoring case, spacing, emphasis, dots, colons and a unit in parentheses at the end", () => {
    expect(normalizeHeader("**Task ID**")).toBe("taskid");
    expect(normalizeHeader("Effort (h)")).toBe("effort");
    expect(normalizeHeader("Effort (days) ")).toBe("effort");
    expect(normalizeHeader("Effort(h)")).toBe("effort");
    expect(normalizeHeader("Est.")).toBe("est");
    expect(normalizeHeader("`Done when:`")).toBe("donewhen");
    expect(normalizeHeader("_Story_\tPoints")).toBe("storypoints");
    expect(normalizeHeader("Cost (h) total")).toBe("cost(h)total");
    expect(normalizeHeader("Size ((x))")).toBe("size((x))");
  });

  it("name their role by any of its spellings", () => {
    const roles: Array<[string, string | null]> = [
      ["Task ID", "id"],
      ["Task #", "id"],
      ["Ticket", "id"],
      ["#", "id"],
      ["Title", "title"],
      ["Task Name", "title"],
      ["Details", "description"],
      ["Desc.", "description"],
      ["DoD", "criteria"],
      ["Success Criteria", "criteria"],
      ["Story Points", "effort"],
      ["Estimated hours", "effort"],
      ["State", "status"],
      ["Completed", "status"],
      ["Blocked by", "dependsOn"],
      ["Prereqs", "dependsOn"],
      ["Notes", null],
      ["", null],
    ];
    for (const [cell, role] of roles) expect(columnRole(cell), cell).toBe(role);
  });

  it("`Task ID` and its spellings always make a task table; a bare ID, # or Key does not", () => {
    for (const cell of ["Task ID", "**task id**", "Task #", "Task No.", "Task Number", "Task Key"])
      expect(isStrongIdHeader(cell), cell).toBe(true);
    for (const cell of ["ID", "#", "Key", "No", "Ticket", "Task"]) expect(isStrongIdHeader(cell), cell).toBe(false);
  });
});

describe("nearMissHeader", () => {
  it("names the column a typo meant: one edit (a swap counts as one) for names under ten letters, two from ten", () => {
    expect(nearMissHeader("Acceptance Critera")).toBe("Acceptance Criteria");
    expect(nearMissHeader("Accepance Critria")).toBe("Acceptance Criteria");
    expect(nearMissHeader("Accepance Critri")).toBeNull();
    expect(nearMissHeader("Desciption")).toBe("Description");
    expect(nearMissHeader("Descriptoin")).toBe("Description");
    expect(nearMissHeader("Estimat")).toBe("Effort");
    // Ten letters (estimation): two edits allowed.
    expect(nearMissHeader("Estmaton")).toBe("Effort");
    expect(nearMissHeader("Depnds on")).toBe("Depends on");
    expect(nearMissHeader("Stauts")).toBe("Status");
    expect(nearMissHeader("Statsu")).toBe("Status");
    expect(nearMissHeader("Sttaus")).toBe("Status");
    expect(nearMissHeader("Stats")).toBe("Status");
    expect(nearMissHeader("Statuses")).toBeNull();
  });

  it("a title column is offered by its own word, capitalised", () => {
    expect(nearMissHeader("Summry")).toBe("Summary");
    expect(nearMissHeader("Titel")).toBe("Title");
    expect(nearMissHeader("Objectve")).toBe("Objective");
  });

  it("short words, known names and far-off words get no guess", () => {
    expect(nearMissHeader("Sze")).toBeNull();
    expect(nearMissHeader("Titl")).toBeNull();
    expect(nearMissHeader("Status")).toBeNull();
    expect(nearMissHeader("Effort (h)")).toBeNull();
    expect(nearMissHeader("Owner")).toBeNull();
    expect(nearMissHeader("Notes")).toBeNull();
    expect(nearMissHeader("Priority")).toBeNull();
    // Known names under five letters (Name, Desc, Deps) are never guessed at.
    expect(nearMissHeader("Names")).toBeNull();
    expect(nearMissHeader("Descs")).toBeNull();
    // Two edits are too many below ten letters, however they fall: a swap is one edit only for two adjacent letters.
    for (const cell of ["Asatus", "Taatus", "Aaatus", "Aefort", "Tsatsu", "Sutats"])
      expect(nearMissHeader(cell), cell).toBeNull();
  });
});

describe("resemblesTaskIdHeader", () => {
  it("is any header starting with task, or one letter from taskid", () => {
    for (const cell of [
      "Task-ID",
      "TaskId#",
      "Tsk ID",
      "Taks ID",
      "Task",
      "Task #",
      "Tasks",
      "Task ID",
      "TaskIDs",
      "ask id",
      "Tisk ID",
    ])
      expect(resemblesTaskIdHeader(cell), cell).toBe(true);
    for (const cell of ["Risk ID", "Test ID", "ID", "Ticket", "Tisk IDs", "Stask"])
      expect(resemblesTaskIdHeader(cell), cell).toBe(false);
  });
});
