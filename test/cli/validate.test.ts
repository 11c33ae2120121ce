import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../src/validate/finding.js";
import { ROOT, runCli } from "../support/cli.js";

const examples = readdirSync(join(ROOT, "examples"))
  .filter((name) => name.endsWith(".yaml"))
  .map((name) => `examples/${name}`);

function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), "lane7-validate-")), name);
  writeFileSync(path, content);
  return path;
}

const BROKEN = `apiVersion: lane7/v1
kind: Network
metadata:
  name: demo
spec:
  pods:
    - id: gw
      role: initiator
      protocl: http
    - id: sink
      role: terminator
  edges:
    - from: gw
      to: sinc
`;

describe("lane7 validate", () => {
  it("accepts every example and prints nothing on stdout", () => {
    const run = runCli(["validate", ...examples]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${examples.length} files valid`);
  });

  it("reports every finding compiler-style with position, rule, source line and hint; exit 1", () => {
    const file = tempFile("broken.yaml", BROKEN);
    const run = runCli(["validate", file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${file}:9:7: error[schema]: unknown key \`protocl\` in spec.pods[0]`);
    expect(run.stdout).toContain("hint: did you mean `protocol`?");
    expect(run.stdout).toContain(
      `${file}:14:11: error[unknown-pod]: edge to \`sinc\`, which is not a declared pod`,
    );
    expect(run.stdout).toContain("hint: did you mean `sink`?");
    expect(run.stdout).toMatch(/\n9 \| {7}protocl: http\n {2}\| {7}\^\n/);
    expect(run.stderr).toContain("2 errors in 1 file");
  });

  it("--format json prints the documented shape and nothing else", () => {
    const file = tempFile("broken.yaml", BROKEN);
    const run = runCli(["validate", "--format", "json", file]);
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout) as {
      formatVersion: number;
      valid: boolean;
      summary: { errors: number };
      files: { findings: { rule: string; line: number; column: number }[] }[];
    };
    expect(output.formatVersion).toBe(1);
    expect(output.valid).toBe(false);
    expect(output.summary.errors).toBe(2);
    expect(output.files[0]?.findings.map(({ rule, line, column }) => [rule, line, column])).toEqual([
      ["schema", 9, 7],
      ["unknown-pod", 14, 11],
    ]);
    expect(run.stderr).toBe("");
  });

  it.each([
    ["a missing file", () => "/nonexistent/network.yaml", "no such file"],
    ["a directory", () => tmpdir(), "is a directory, not a network file"],
    [
      "a 5 MB file",
      () => tempFile("big.yaml", `# ${"x".repeat(5 * 1024 * 1024)}\n`),
      "lane7 reads network files up to 4.0 MiB",
    ],
    [
      "a binary file",
      () => tempFile("image.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])),
      "is a binary file",
    ],
    [
      "a file that is not UTF-8",
      () => tempFile("latin1.yaml", Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a])),
      "is not UTF-8 text",
    ],
  ])("refuses %s with one clear message and exit 2", (_, path, message) => {
    const file = path();
    const run = runCli(["validate", file]);
    expect(run.code).toBe(2);
    expect(run.stdout.startsWith(`${file}: error: `)).toBe(true);
    expect(run.stdout).toContain(message);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
  });

  it.each([
    ["malformed YAML", "spec: [1, 2\n", "yaml"],
    ["an empty file", "", "schema"],
  ])("reports %s as a finding with exit 1", (_, text, rule) => {
    const run = runCli(["validate", tempFile("bad.yaml", text)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`:\\d+:\\d+: error\\[${rule}\\]`));
  });

  it("exits 2 on usage errors", () => {
    expect(runCli(["validate"]).code).toBe(2);
    expect(runCli(["validate", "--format", "xml", "examples/bi-pod.yaml"]).code).toBe(2);
    expect(runCli(["no-such-command"]).code).toBe(2);
  });
});

describe("lane7 validate --format json output contract", () => {
  const schema = JSON.parse(
    readFileSync(join(ROOT, "schemas/validate-output.schema.json"), "utf8"),
  ) as object;
  const check = new Ajv({ strict: true, allErrors: true }).compile(schema);

  it.each([
    ["valid files", () => examples],
    ["findings", () => [tempFile("broken.yaml", BROKEN)]],
    ["an unreadable file", () => ["/nonexistent.yaml", "examples/bi-pod.yaml"]],
  ])("conforms to schemas/validate-output.schema.json for %s", (_, files) => {
    const run = runCli(["validate", "--format", "json", ...files()]);
    const output: unknown = JSON.parse(run.stdout);
    expect(check(output), JSON.stringify(check.errors)).toBe(true);
  });

  it("lists exactly the rule ids lane7 has", () => {
    const ids = (schema as { definitions: { finding: { properties: { rule: { enum: string[] } } } } })
      .definitions.finding.properties.rule.enum;
    expect(ids).toEqual([...RULE_IDS]);
  });
});
