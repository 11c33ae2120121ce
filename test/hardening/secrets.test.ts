import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTree, readZip } from "../support/bundle.js";
import { ROOT, runCli, type CliRun } from "../support/cli.js";

/**
 * Credentials end to end: recognisable planted values appear only in the 02-secrets.yaml files (mode
 * 0600, on disk and in the zip) — nowhere else in the bundle, the zip, stdout or stderr of any command,
 * nor in any format of `lane7 diff`, even when the credentials change.
 */
const PLANTED = "PLANTED-SECRET-";
const NETWORK = join(ROOT, "examples/agentic-ai.yaml");
const PODS = [
  "ai-gateway",
  "ai-orchestrator",
  "llm-gateway",
  "tool-executor",
  "nlp-processor",
  "ai-results-sink",
];

function credentials(dir: string, name: string, generation: number): string {
  const keys = PODS.map((pod) => `  ${pod}: ${PLANTED}KEY-${pod}-${generation}`).join("\n");
  const file = join(dir, name);
  writeFileSync(
    file,
    `license: ${PLANTED}LICENSE-${generation}\napiToken: ${PLANTED}TOKEN-${generation}\nkeys:\n${keys}\n` +
      `imagePullSecret:\n  name: regcred\n  dockerConfigJson: '{"auths": {"r.example": {"auth": "${PLANTED}PULL-${generation}"}}}'\n`,
  );
  return file;
}

function expectNoSecret(run: CliRun, what: string): void {
  expect(run.stdout, `${what}: stdout`).not.toContain(PLANTED);
  expect(run.stderr, `${what}: stderr`).not.toContain(PLANTED);
}

describe("planted credentials", () => {
  const cwd = mkdtempSync(join(tmpdir(), "lane7-secrets-"));
  const first = credentials(cwd, "first.yaml", 1);
  const second = credentials(cwd, "second.yaml", 2);
  const runs: [string, CliRun][] = [
    [
      "compose",
      runCli(["compose", NETWORK, "-o", "one", "--zip", "one.zip", "--credentials", first], { cwd }),
    ],
    ["compose again", runCli(["compose", NETWORK, "-o", "two", "--credentials", second], { cwd })],
    ["check", runCli(["compose", NETWORK, "-o", "one", "--check", "--credentials", second], { cwd })],
  ];

  it("are written only into the 0600 secrets files, in the directory and in the zip", () => {
    expect(runs.map(([, run]) => run.code)).toEqual([0, 0, 1]);
    const onDisk = Object.entries(readTree(join(cwd, "one"))).map(([path, file]) => ({ path, ...file }));
    const zipped = readZip(join(cwd, "one.zip"))
      .filter((entry) => !entry.directory)
      .map((entry) => ({
        path: entry.name.slice("agentic-ai/".length),
        content: entry.content,
        mode: entry.mode,
      }));
    for (const { path, content, mode } of [...onDisk, ...zipped]) {
      if (path.endsWith("/02-secrets.yaml")) {
        expect(mode, path).toBe(0o600);
        expect(content, path).toContain(`${PLANTED}LICENSE-1`);
        expect(content, path).toContain(`${PLANTED}PULL-1`);
      } else {
        expect(content, path).not.toContain(PLANTED);
      }
    }
  });

  it("never reach the terminal, whatever the command", () => {
    for (const [what, run] of runs) expectNoSecret(run, what);
  });

  it.each(["human", "json", "markdown"])(
    "never appear in `lane7 diff --format %s`, though the change is reported",
    (format) => {
      const run = runCli(["diff", "one", "two", "--format", format], { cwd });
      expect(run.code).toBe(1);
      expectNoSecret(run, `diff ${format}`);
      expect(run.stdout.toLowerCase()).toContain("credential");
      const zipSide = runCli(["diff", "one.zip", "two", "--format", format], { cwd });
      expect(zipSide.code).toBe(1);
      expectNoSecret(zipSide, `diff zip ${format}`);
    },
  );

  it("stay out of blueprint.yaml and the README even though they describe the secrets", () => {
    for (const file of ["blueprint.yaml", "README.md"]) {
      const text = readFileSync(join(cwd, "one", file), "utf8");
      expect(text).not.toContain(PLANTED);
    }
  });
});
