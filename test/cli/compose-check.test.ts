import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "../support/cli.js";

const NETWORK = join(ROOT, "examples/agentic-ai.yaml");

/** Replaces `from` with `to` in one entry of a zip (python3's zipfile: an independent writer). */
function rewriteZipEntry(path: string, entry: string, from: string, to: string): void {
  const script = `
import sys, zipfile
path, entry, old, new = sys.argv[1:]
with zipfile.ZipFile(path) as z:
    items = [(i, z.read(i)) for i in z.infolist()]
with zipfile.ZipFile(path, "w") as z:
    for info, data in items:
        z.writestr(info, data.decode().replace(old, new).encode() if info.filename == entry else data)
`;
  execFileSync("/usr/bin/python3", ["-c", script, path, entry, from, to]);
}

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
        "  missing  teardown.sh\n" +
        `Review with \`lane7 diff blueprint/ ${NETWORK}\`; update with \`lane7 compose ${NETWORK} -o blueprint/ --force\`.\n`,
    );
    expect(readFileSync(deployment, "utf8")).toContain("evil:1");
  });

  it("reports a one-line change to Section 2 of an app.py as drift, naming the pod and Section 2", () => {
    const cwd = committedBundle();
    const app = join(cwd, "blueprint/ai-gateway/app/app.py");
    writeFileSync(app, readFileSync(app, "utf8").replace("QUEUE_LIMIT = 1000", "QUEUE_LIMIT = 1001"));
    const run = runCli(["compose", NETWORK, "-o", "blueprint", "--check"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `blueprint/ is not what ${NETWORK} composes to:\n` +
        "  differs  ai-gateway/app/app.py (Section 2)\n" +
        `Review with \`lane7 diff blueprint/ ${NETWORK}\`; update with \`lane7 compose ${NETWORK} -o blueprint/ --force\`.\n`,
    );
  });

  it("ignores Section 1 edits and the user's files, in the directory and in a zip", () => {
    const cwd = committedBundle();
    const app = join(cwd, "blueprint/ai-gateway/app/app.py");
    const edited = readFileSync(app, "utf8").replace(
      "    return dict(payload)\n",
      '    payload["seen"] = True  # business logic\n    return dict(payload)\n',
    );
    expect(edited).toContain("business logic");
    writeFileSync(app, edited);
    writeFileSync(join(cwd, "blueprint/NOTES.md"), "mine\n");
    writeFileSync(join(cwd, "blueprint/ai-gateway/app/helper.py"), "HELP = 1\n");
    const run = runCli(["compose", NETWORK, "-o", "blueprint", "--check"], { cwd });
    expect([run.code, run.stdout], run.stderr).toEqual([0, ""]);

    const zipped = runCli(["compose", NETWORK, "--zip", "edited.zip", "--from", "blueprint"], { cwd });
    expect(zipped.code, zipped.stderr).toBe(0);
    const zipRun = runCli(["compose", NETWORK, "--zip", "edited.zip", "--check"], { cwd });
    expect([zipRun.code, zipRun.stdout], zipRun.stderr).toEqual([0, ""]);
    rewriteZipEntry(
      join(cwd, "edited.zip"),
      "agentic-ai/ai-gateway/app/app.py",
      "QUEUE_LIMIT = 1000",
      "QUEUE_LIMIT = 7",
    );
    const drift = runCli(["compose", NETWORK, "--zip", "edited.zip", "--check"], { cwd });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain("  differs  ai-gateway/app/app.py (Section 2)\n");
  });

  it("reports as extra only files the committed record lists", () => {
    const cwd = committedBundle();
    const withPod = readFileSync(NETWORK, "utf8").replace(
      "  edges:\n",
      "    - id: audit\n      role: terminator\n  edges:\n    - from: ai-orchestrator\n      to: audit\n",
    );
    writeFileSync(join(cwd, "with-audit.yaml"), withPod);
    expect(runCli(["compose", "with-audit.yaml", "-o", "audited"], { cwd }).code).toBe(0);
    writeFileSync(join(cwd, "audited/audit/app/notes.txt"), "mine\n");
    const run = runCli(["compose", NETWORK, "-o", "audited", "--check"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("  extra    audit/app/app.py\n");
    expect(run.stdout).toContain("  extra    audit/03-deployment.yaml\n");
    expect(run.stdout).not.toContain("notes.txt");
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
