import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "../support/cli.js";

const BROKEN = `apiVersion: lane7/v1
kind: Network
metadata: {name: demo, title: "50% done, really: yes"}
spec:
  pods:
    - {id: gw, role: initiator, protocl: http}
    - {id: sink, role: terminator}
  edges:
    - {from: gw, to: sinc}
`;

function brokenFile(dir = mkdtempSync(join(tmpdir(), "lane7-ci-"))): { dir: string; file: string } {
  const file = join(dir, "net, v2: draft.yaml");
  writeFileSync(file, BROKEN);
  return { dir, file };
}

describe("lane7 validate --format github", () => {
  // https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
  const COMMAND = /^::(error|warning) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::([^\r\n]*)$/;

  it("prints one workflow command per finding, paths relative to the workspace, values escaped", () => {
    const { dir } = brokenFile();
    const run = runCli(["validate", "--format", "github", "net, v2: draft.yaml"], { cwd: dir });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(COMMAND);
    expect(lines[0]).toBe(
      "::error file=net%2C v2%3A draft.yaml,line=6,col=33,title=lane7 schema::" +
        "unknown key `protocl` in spec.pods[0]%0Ahint: did you mean `protocol`?",
    );
    expect(lines[1]).toMatch(/^::error file=net%2C v2%3A draft.yaml,line=9,col=22,title=lane7 unknown-pod::/);
  });

  it("prints nothing on stdout for valid files", () => {
    const run = runCli(["validate", "--format", "github", "examples/bi-pod.yaml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
  });
});

describe("lane7 validate --format sarif", () => {
  const schemaPath = join(ROOT, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")) as object);

  it("validates against the SARIF 2.1.0 schema and locates each result", () => {
    const { dir } = brokenFile();
    const run = runCli(["validate", "--format", "sarif", "net, v2: draft.yaml", "missing.yaml"], {
      cwd: dir,
    });
    expect(run.code).toBe(2);
    const log = JSON.parse(run.stdout) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
        invocations: { executionSuccessful: boolean }[];
      }[];
    };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const [first] = log.runs;
    expect(
      first?.results.map((result) => [result.ruleId, result.locations[0]?.physicalLocation.region.startLine]),
    ).toEqual([
      ["schema", 6],
      ["unknown-pod", 9],
    ]);
    expect(first?.invocations[0]?.executionSuccessful).toBe(false);
  });

  it("a broken log fails the schema check (the check is real)", () => {
    expect(validateSarif({ version: "2.1.0", runs: [{ tool: {} }] })).toBe(false);
  });
});
