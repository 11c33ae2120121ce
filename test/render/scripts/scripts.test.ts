import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BlueprintModel } from "../../../src/model/model.js";
import { renderScripts } from "../../../src/render/scripts/scripts.js";
import { EXAMPLES, exampleModel, HOSTILE_TITLE, openMtlsModels, OPTIONS } from "../../support/models.js";

const cases: [string, BlueprintModel][] = [
  ...EXAMPLES.map((name): [string, BlueprintModel] => [name, exampleModel(name)]),
  ...openMtlsModels().map(([file, model]): [string, BlueprintModel] => [`${file} (open-mtls)`, model]),
  ["agentic-ai with a hostile title", { ...exampleModel("agentic-ai"), title: HOSTILE_TITLE }],
];

/** Every check shellcheck has, the optional ones included, down to style notes. */
function shellcheck(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "lane7-shellcheck-")), "script.sh");
  writeFileSync(file, content);
  const result = spawnSync("shellcheck", ["--enable=all", "--severity=style", "--shell=bash", file], {
    encoding: "utf8",
  });
  if (result.error) throw result.error;
  return result.stdout + (result.status === 0 ? "" : `(exit ${String(result.status)})`);
}

describe.each(cases)("scripts of %s", (_name, model) => {
  const files = renderScripts(model, OPTIONS);

  it("are deploy.sh, teardown.sh and pinhole-setup.sh, executable", () => {
    expect(files.map((file) => [file.path, file.mode])).toEqual([
      ["deploy.sh", 0o755],
      ["teardown.sh", 0o755],
      ["pinhole-setup.sh", 0o755],
    ]);
  });

  it.each(files.map((file) => [file.path, file.content]))(
    "%s is strict bash, clean under shellcheck",
    (_path, content) => {
      expect(content.startsWith("#!/usr/bin/env bash\n")).toBe(true);
      expect(content).toContain("\nset -euo pipefail\n");
      expect(spawnSync("bash", ["-n"], { input: content }).status).toBe(0);
      expect(shellcheck(content)).toBe("");
    },
  );

  it("are the same bytes on every render", () => {
    expect(renderScripts(model, OPTIONS)).toEqual(files);
  });
});

describe("shellcheck harness", () => {
  it("reports a script with an unquoted expansion", () => {
    expect(shellcheck("#!/usr/bin/env bash\nset -euo pipefail\nrm -rf $1\n")).toContain("SC2086");
  });
});
