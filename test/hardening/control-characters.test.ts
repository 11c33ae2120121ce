import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { terminalSafe } from "../../src/control-characters.js";
import { validateText } from "../../src/validate/validate.js";
import { ROOT, runInProcess } from "../support/cli.js";
import { scratchDir } from "../write/fixtures.js";

/**
 * Control characters, line separators and lone surrogates from a network file, a credential or a peer:
 * refused in free text, escaped in generated YAML and in everything lane7 prints.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|\p{Cs}/u;
const BI_POD = readFileSync(join(ROOT, "examples/bi-pod.yaml"), "utf8");

function withTitle(title: string): string {
  return BI_POD.replace(/^ {2}title: .*$/m, () => `  title: ${title}`);
}

const lane7 = runInProcess;

describe("free text of the network file", () => {
  it.each([
    ["NUL, escaped", '"a\\0b"', 0],
    ["ESC, escaped", '"x\\e[31mred"', 0],
    ["a lone surrogate, escaped", '"x\\ud800"', 0],
    ["DEL, raw", "ab\u007fc", 2],
    ["a C1 control, raw", "ab\u009bc", 2],
    ["a line separator, raw", "ab\u2028c", 2],
    ["a paragraph separator, raw", "'ab\u2029c'", 3],
  ])("refuses a title with %s, at the character", (_, title, offset) => {
    const text = withTitle(title);
    const result = validateText("net.yaml", text);
    expect(result.ok).toBe(false);
    const line = text.split("\n").findIndex((row) => row.startsWith("  title:")) + 1;
    expect(result.findings).toMatchObject([
      { rule: "schema", line, column: "  title: ".length + 1 + offset },
    ]);
    expect(result.findings[0]?.message).toMatch(/^`metadata\.title` contains the control character U\+/);
  });

  it("leaves ordinary titles alone", () => {
    expect(validateText("net.yaml", withTitle("Ünïcödé — 🚀 pipeline")).findings).toEqual([]);
  });
});

describe("printed text", () => {
  it("escapes every unsafe character, and line breaks too when asked for one line", () => {
    expect(terminalSafe("a\u001b[31m\u0000\u007f\u0085\u2028\ud800\tb\nc")).toBe(
      "a\\x1b[31m\\x00\\x7f\\x85\\u2028\\ud800\tb\nc",
    );
    expect(terminalSafe("a\nb\tc", { oneLine: true })).toBe("a\\x0ab\\x09c");
    expect(terminalSafe("plain ünïcödé 🚀")).toBe("plain ünïcödé 🚀");
  });

  it.each(["human", "github"])(
    "validate --format %s prints no raw control character of the file",
    async (format) => {
      const cwd = scratchDir();
      const bad = "\u001b]0;owned\u0007\u001b[2J\u009b31m\u2028";
      writeFileSync(
        join(cwd, "net.yaml"),
        withTitle(`"${bad}"`).replace("role: initiator", `role: "x${bad}"\n      ${bad}: 1`),
      );
      const run = await lane7(["validate", "--format", format, join(cwd, "net.yaml")], cwd);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("\\x1b]0;owned");
      expect(run.stdout).not.toMatch(RAW_UNSAFE);
      expect(run.stderr).not.toMatch(RAW_UNSAFE);
    },
  );

  it.each(["json", "sarif"])(
    "validate --format %s escapes every control character of the file, and reads back the same",
    async (format) => {
      const cwd = scratchDir();
      const bad = "\u001b[2J\u007f\u009b31m\u2028";
      writeFileSync(
        join(cwd, "net.yaml"),
        BI_POD.replace("role: initiator", `role: initiator\n      "${bad}": 1`),
      );
      const run = await lane7(["validate", "--format", format, join(cwd, "net.yaml")], cwd);
      expect(run.code).toBe(1);
      expect(run.stdout).not.toMatch(RAW_UNSAFE);
      const strings: string[] = [];
      JSON.parse(run.stdout, (_, value: unknown) => {
        if (typeof value === "string") strings.push(value);
        return value;
      });
      expect(strings.some((text) => text.includes(bad))).toBe(true);
    },
  );

  it("compose prints no raw control character of a name it was given", async () => {
    const cwd = scratchDir();
    const run = await lane7(
      ["compose", join(ROOT, "examples/bi-pod.yaml"), "--credentials", "x\u001b[2J.yaml"],
      cwd,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("x\\x1b[2J.yaml");
    expect(run.stderr).not.toMatch(RAW_UNSAFE);
  });

  it.each(["human", "markdown", "json"])(
    "diff --format %s prints no raw control character of a bundle",
    async (format) => {
      const cwd = scratchDir();
      expect((await lane7(["compose", join(ROOT, "examples/bi-pod.yaml"), "-o", "old"], cwd)).code).toBe(0);
      expect((await lane7(["compose", join(ROOT, "examples/bi-pod.yaml"), "-o", "new"], cwd)).code).toBe(0);
      const readme = join(cwd, "new/README.md");
      writeFileSync(readme, `${readFileSync(readme, "utf8")}\u001b[2J\u009b\u2028\n`);
      const blueprint = join(cwd, "new/blueprint.yaml");
      writeFileSync(
        blueprint,
        readFileSync(blueprint, "utf8").replace("name: bi-pod", 'name: "bi\\e[31mpod"'),
      );
      const run = await lane7(["diff", "--format", format, "old", "new"], cwd);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(format === "json" ? "\\u001b[2J" : "\\x1b[2J");
      expect(run.stdout).not.toMatch(RAW_UNSAFE);
    },
  );
});

describe("credential values", () => {
  it("reach 02-secrets.yaml as escapes that YAML 1.1 and 1.2 read back exactly", async () => {
    const cwd = scratchDir();
    const license = 'lic\u001b[31m\u0000\u007f\u0085\u2028\u2029\ufeff"\\end';
    const run = await lane7(["compose", join(ROOT, "examples/bi-pod.yaml"), "-o", "out"], cwd, {
      HOPR_LICENSE: license,
    });
    expect(run.code).toBe(0);
    const secrets = readFileSync(join(cwd, "out/pod-1/02-secrets.yaml"), "utf8");
    expect(secrets).not.toMatch(RAW_UNSAFE);
    expect(secrets).not.toContain("\ufeff");
    for (const version of ["1.1", "1.2"] as const) {
      const documents = secrets.split(/^---\n/m).map((document) => parse(document, { version }) as unknown);
      expect(JSON.stringify(documents)).toContain(JSON.stringify(license));
    }
  });
});
