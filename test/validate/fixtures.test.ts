import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../src/validate/finding.js";
import { invalidCases, positions, validate } from "../support/findings.js";

/**
 * Table-driven over test/fixtures/invalid: each `<case>.yaml` must give exactly the findings its
 * `<case>.expected.json` lists, in that order (sorted by position), with the message and hint containing
 * the listed text. Adding a case is adding a pair of files.
 */
const cases = invalidCases();

describe("invalid fixtures", () => {
  it("cover every rule id", () => {
    const covered = new Set(cases.flatMap(({ expected }) => expected.map(({ rule }) => rule)));
    expect([...RULE_IDS].filter((rule) => !covered.has(rule))).toEqual([]);
  });

  it.each(cases)("$name", ({ file, text, expected }) => {
    const result = validate(text, file);
    expect(result.ok).toBe(false);
    expect(positions(result.findings)).toEqual(
      expected.map(({ rule, line, column }) => ({ rule, line, column })),
    );
    result.findings.forEach((finding, i) => {
      const want = expected[i];
      expect(finding.file).toBe(file);
      expect(finding.severity).toBe("error");
      expect(finding.hint.length).toBeGreaterThan(0);
      if (want?.message !== undefined) expect(finding.message).toContain(want.message);
      if (want?.hint !== undefined) expect(finding.hint).toContain(want.hint);
    });
  });
});
