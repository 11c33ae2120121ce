import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, runCli } from "../support/cli.js";

describe("lane7 --help", () => {
  it("lists the commands, examples and exit codes", () => {
    const run = runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: lane7 \[options\] \[command\]/);
    for (const command of ["validate", "schema", "compose"]) expect(run.stdout).toContain(`  ${command} `);
    expect(run.stdout).toContain("Examples:");
    expect(run.stdout).toContain("Exit codes:");
  });

  it.each(["validate", "schema", "compose"])("`lane7 %s --help` has usage and examples", (command) => {
    const run = runCli([command, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: lane7 ${command}`));
    expect(run.stdout).toMatch(/Examples?:/);
    expect(run.stderr).toBe("");
  });

  it("stops quietly when its reader goes away (`lane7 … | head -1`)", () => {
    for (const args of ["--help", "diff --help", "schema"]) {
      const run = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" ${args} | head -1`], {
        encoding: "utf8",
      });
      expect(run.stderr, args).toBe("");
      expect(run.stdout.split("\n")).toHaveLength(2);
    }
  });

  it("prints the package version", () => {
    const run = runCli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
