import { describe, expect, it } from "vitest";
import { splitCriteria } from "../../src/plan/split-criteria.js";

/**
 * An Acceptance Criteria cell becomes the checklist: one box per
 * criterion. These are the edges of how a cell is cut into criteria — where a
 * marker ends, which backtick closes inline code, what a piece's spacing
 * belongs to — each a cell an author could write, with the checklist they get.
 */
describe("an Acceptance Criteria cell split into the issue's checklist", () => {
  const cases: Array<[string, string, string[]]> = [
    ["spacing around pieces is not part of a criterion", " a<br> b ", ["a", "b"]],
    ["spacing before a bullet list is not part of the first criterion", "  - a - b", ["a", "b"]],
    ["a bullet's spacing belongs to its marker: `-  - x` is one item `- x`", "-  - x", ["- x"]],
    ["a bullet's spacing belongs to its marker: `*  * x` is one item `* x`", "*  * x", ["* x"]],
    ["the next dash marker takes all its spacing: `- a -  - b` is `a`, `- b`", "- a -  - b", ["a", "- b"]],
    ["the next star marker takes all its spacing: `* a *  * b` is `a`, `* b`", "* a *  * b", ["a", "* b"]],
    ["a number's spacing belongs to its marker: `1.  2. b` is one item `2. b`", "1.  2. b", ["2. b"]],
    ["numbered items go past 9: `10. a 11. b`", "10. a 11. b", ["a", "b"]],
    ["a dash marker needs text after it inside the piece: `- a - <br>b`", "- a - <br>b", ["a -", "b"]],
    ["a number marker needs text after it inside the piece: `1. a 2. <br>b`", "1. a 2. <br>b", ["a 2.", "b"]],
    ["inline code opened by two backticks closes only at two", "``a<br>b``<br>c", ["``a<br>b``", "c"]],
    ["inline code ends after its closing backticks, all of them", "````x<br>````<br>y", ["````x<br>````", "y"]],
    ["a backtick inside closed code opens nothing", "``a`b``c<br>`d<br>e", ["``a`b``c", "`d", "e"]],
  ];
  for (const [behaviour, cell, expected] of cases)
    it(`${behaviour}: ${JSON.stringify(cell)} → ${JSON.stringify(expected)}`, () =>
      expect(splitCriteria(cell)).toEqual(expected));
});
