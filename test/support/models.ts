import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BlueprintModel } from "../../src/model/model.js";
import { resolve } from "../../src/model/resolve.js";
import { defaultRenderOptions } from "../../src/render/defaults.js";
import type { RenderOptions } from "../../src/render/options.js";
import { validateText } from "../../src/validate/validate.js";
import { asOpenMtls } from "./findings.js";

/** Test helpers shared by the bundle-level renderer tests (scripts, README, blueprint.yaml). */
const EXAMPLES_DIR = fileURLToPath(new URL("../../examples/", import.meta.url));

/** The catalog examples' names (examples/<name>.yaml), sorted. */
export const EXAMPLES: readonly string[] = readdirSync(EXAMPLES_DIR)
  .filter((file) => file.endsWith(".yaml"))
  .map((file) => file.slice(0, -".yaml".length))
  .sort();

export function exampleModel(name: string): BlueprintModel {
  return modelFromText(`${name}.yaml`, readFileSync(`${EXAMPLES_DIR}${name}.yaml`, "utf8"));
}

/** A catalog example in the open-mtls profile (asOpenMtls), resolved. */
export function openMtlsModel(name: string): BlueprintModel {
  const file = name.endsWith(".yaml") ? name : `${name}.yaml`;
  return modelFromText(file, asOpenMtls(readFileSync(`${EXAMPLES_DIR}${file}`, "utf8")));
}

/** Every catalog example in the open-mtls profile, resolved, with its file name. */
export function openMtlsModels(): [string, BlueprintModel][] {
  return EXAMPLES.map((name) => [`${name}.yaml`, openMtlsModel(name)]);
}

/** Every catalog example, resolved, with its file name. */
export function exampleModels(): [string, BlueprintModel][] {
  return EXAMPLES.map((name) => [`${name}.yaml`, exampleModel(name)]);
}

/** A network description (YAML text) → its model, failing the test when lane7 would reject it. */
export function modelFromText(file: string, text: string): BlueprintModel {
  const validation = validateText(file, text);
  if (!validation.ok) throw new Error(`${file} is invalid: ${JSON.stringify(validation.findings, null, 2)}`);
  return resolve(validation.network);
}

export const OPTIONS: RenderOptions = defaultRenderOptions("9.9.9-test");

export const CREDENTIALS = {
  license: "LICENSE-c0ffee-secret",
  apiToken: "TOKEN-deadbeef-secret",
  keys: { "ai-gateway": "KEY-gw-secret", "ai-results-sink": "KEY-sink-secret" },
};

/** A title that tries to break out of every language it is written into. */
export const HOSTILE_TITLE =
  'x\' "$(touch pwned)" `touch pwned` $HOME | a | b\n# heading\r\n<script>alert(1)</script> ]] ]]> ``` {{x}} \\';
