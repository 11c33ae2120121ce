import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "../support/cli.js";

const NETWORK = join(ROOT, "examples/agentic-ai.yaml");

function committedBundle(): string {
  const cwd = mkdtempSync(join(tmpdir(), "lane7-check-"));
  expect(runCli(["compose", NETWORK, "-o", "blueprint", "--zip", "blueprint.zip"], { cwd }).code).toBe(0);
  return cwd;
}

describe("lane7 compose --check", () => {
  it("exits 0 and writes nothing when the directory and the zip are current", () => {
    const cwd = committedBundle();
    const before = readFileSync(join(cwd, "blueprint.zip"));
    const run = runCli(["compose", NETWORK, "-o", "blueprint", "--zip", "blueprint.zip", "--check"], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("blueprint/ is what");
    expect(readFileSync(join(cwd, "blueprint.zip")).equals(before)).toBe(true);
  });

  it("exits 1 and lists what drifted, security first, writing nothing", () => {
    const cwd = committedBundle();
    const deployment = join(cwd, "blueprint/ai-gateway/03-deployment.yaml");
    writeFileSync(
      deployment,
      readFileSync(deployment, "utf8").replace("registry.hopr.co/wosp/xtra-wasm:1.0.0", "evil:1"),
    );
    rmSync(join(cwd, "blueprint/teardown.sh"));
    writeFileSync(join(cwd, "blueprint/notes.txt"), "hand-made\n");
    const run = runCli(["compose", NETWORK, "-o", "blueprint", "--check"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `blueprint/ is not what ${NETWORK} composes to:\n` +
        "  differs  ai-gateway/03-deployment.yaml\n" +
        "  extra    notes.txt\n" +
        "  missing  teardown.sh\n" +
        `Review with \`lane7 diff blueprint/ ${NETWORK}\`; update with \`lane7 compose ${NETWORK} -o blueprint/ --force\`.\n`,
    );
    expect(readFileSync(deployment, "utf8")).toContain("evil:1");
  });

  it("reports a changed network as a security change", () => {
    const cwd = committedBundle();
    const changed = join(cwd, "network.yaml");
    writeFileSync(
      changed,
      `${readFileSync(NETWORK, "utf8")}    - from: ai-gateway\n      to: ai-results-sink\n`,
    );
    const run = runCli(["compose", changed, "-o", "blueprint", "--check"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}security .*ai-gateway.*ai-results-sink/m);
  });

  it("checks a zip too, and exits 2 when there is nothing to compare with", () => {
    const cwd = committedBundle();
    writeFileSync(join(cwd, "other.yaml"), readFileSync(join(ROOT, "examples/bi-pod.yaml")));
    const zipRun = runCli(["compose", "other.yaml", "--zip", "blueprint.zip", "--check"], { cwd });
    expect(zipRun.code).toBe(1);
    expect(zipRun.stdout).toMatch(/^blueprint\.zip is not what other\.yaml composes to:/);
    const missing = runCli(["compose", NETWORK, "-o", "nowhere", "--check"], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe("");
  });
});
