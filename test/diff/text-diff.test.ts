import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/diff/text-diff.js";

const lines = (count: number, prefix = "line") =>
  Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}\n`).join("");

describe("unifiedDiff", () => {
  it("writes a unified diff with three lines of context", () => {
    const old = lines(10);
    const next = old.replace("line 5\n", "line five\n").replace("line 10\n", "");
    expect(unifiedDiff(old, next, "f.txt")).toEqual({
      added: 1,
      removed: 2,
      truncated: null,
      unified: [
        "--- a/f.txt",
        "+++ b/f.txt",
        "@@ -2,9 +2,8 @@",
        " line 2",
        " line 3",
        " line 4",
        "-line 5",
        "+line five",
        " line 6",
        " line 7",
        " line 8",
        " line 9",
        "-line 10",
        "",
      ].join("\n"),
    });
  });

  it("splits distant changes into hunks, and numbers an insertion into an empty file", () => {
    const old = lines(20);
    const next = old.replace("line 2\n", "line 2\nnew a\n").replace("line 18\n", "");
    const { unified } = unifiedDiff(old, next, "f");
    expect(unified.split("\n").filter((line) => line.startsWith("@@"))).toEqual([
      "@@ -1,5 +1,6 @@",
      "@@ -15,6 +16,5 @@",
    ]);
    expect(unifiedDiff("", "a\n", "f").unified).toBe("--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+a\n");
  });

  it("marks a missing newline at the end", () => {
    expect(unifiedDiff("a\n", "a", "f").unified).toBe(
      "--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a\n+a\n\\ No newline at end of file\n",
    );
  });

  it("finds a shortest edit script", () => {
    const { added, removed } = unifiedDiff("a\nb\nc\na\nb\nb\na\n", "c\nb\na\nb\na\nc\n", "f");
    expect(added + removed).toBe(5);
  });

  it("degrades to a whole replacement and a capped output on huge, wholly different files", () => {
    const started = Date.now();
    const result = unifiedDiff(lines(60_000, "old"), lines(60_000, "new"), "big");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.added).toBe(60_000);
    expect(result.removed).toBe(60_000);
    expect(result.truncated).toBe(
      "the changed region was too large to align line by line, so it is shown replaced whole; " +
        "showing the first 1000 of 120003 lines",
    );
    expect(result.unified.split("\n")).toHaveLength(1001);
  });

  it("diffs 150,000 new lines against a short file without running out of stack", () => {
    const result = unifiedDiff(lines(100), lines(150_000), "long");
    expect([result.added, result.removed]).toEqual([149_900, 0]);
    expect(result.unified.split("\n")).toHaveLength(1001);
    const replaced = unifiedDiff(lines(100, "old"), lines(150_000, "new"), "long");
    expect([replaced.added, replaced.removed]).toEqual([150_000, 100]);
  });
});
