import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lane7Version } from "../../src/version.js";
import { diffSides } from "../../src/diff/diff.js";
import type { DiffResult } from "../../src/diff/result.js";
import { composedSide, type Side } from "../../src/diff/side.js";
import { resolve } from "../../src/model/resolve.js";
import { composeBundle } from "../../src/render/bundle.js";
import { defaultRenderOptions } from "../../src/render/defaults.js";
import type { BundleFile } from "../../src/render/file.js";
import type { Credentials, RenderOptions } from "../../src/render/options.js";
import { validateText } from "../../src/validate/validate.js";
import { ROOT } from "../support/cli.js";

export function exampleText(name: string): string {
  return readFileSync(join(ROOT, "examples", `${name}.yaml`), "utf8");
}

/** The example with each `[from, to]` replacement made; every `from` must occur exactly once. */
export function edited(name: string, edits: readonly (readonly [string, string])[]): string {
  return edits.reduce((text, [from, to]) => {
    if (text.split(from).length !== 2)
      throw new Error(`examples/${name}.yaml: ${JSON.stringify(from)} not once`);
    return text.replace(from, to);
  }, exampleText(name));
}

export function composeText(text: string, options: Partial<RenderOptions> = {}): BundleFile[] {
  const validation = validateText("network.yaml", text);
  if (!validation.ok) throw new Error(`invalid network: ${JSON.stringify(validation.findings)}`);
  return composeBundle(resolve(validation.network), { ...defaultRenderOptions(lane7Version()), ...options });
}

export function sideOf(text: string, options: Partial<RenderOptions> = {}, source = "network.yaml"): Side {
  return composedSide(source, composeText(text, options));
}

export function diffTexts(old: string, next: string, options: Partial<RenderOptions> = {}): DiffResult {
  return diffSides(sideOf(old, options, "old.yaml"), sideOf(next, options, "new.yaml"));
}

/** Edits of the examples with known effects (still valid after the edit). */
export const EDITS = {
  /** agentic-ai: a new edge ai-gateway → nlp-processor. */
  newEdge: [
    [
      "    - from: nlp-processor\n",
      "    - from: ai-gateway\n      to: nlp-processor\n    - from: nlp-processor\n",
    ],
  ],
  /** agentic-ai: a new terminator audit-sink fed by nlp-processor. */
  newPod: [
    ["  edges:\n", "    - id: audit-sink\n      role: terminator\n      protocol: grpc\n  edges:\n"],
    [
      "      to: ai-results-sink\n",
      "      to: ai-results-sink\n    - from: nlp-processor\n      to: audit-sink\n",
    ],
  ],
  /** bi-pod (HTTP only): armored-tunnel (the default) → armored-car. */
  armoredCar: [["spec:\n", "spec:\n  mode: armored-car\n"]],
  /** tri-pod-fan-out: a tier 2 pinhole on the terminator worker-a. */
  newPinhole: [
    [
      "    - id: worker-a\n      role: terminator\n",
      "    - id: worker-a\n      role: terminator\n      pinhole: { tier: 2 }\n",
    ],
  ],
  /** agentic-ai: the gateway's pinhole tier 2 → tier 1. */
  tierOne: [
    [
      "      protocol: http\n      pinhole: { tier: 2 }\n    - id: ai-orchestrator",
      "      protocol: http\n      pinhole: { tier: 1 }\n    - id: ai-orchestrator",
    ],
  ],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

/** Recognisable secret values: none of them may ever appear in diff output. */
export const SECRETS = {
  old: {
    license: "SECRET-LICENSE-0123456789",
    apiToken: "SECRET-TOKEN-0123456789",
    keys: { "pod-1": "SECRET-KEY-POD1-0123456789", "pod-2": "SECRET-KEY-POD2-0123456789" },
  },
  new: {
    license: "SECRET-LICENSE-9876543210",
    apiToken: "SECRET-TOKEN-0123456789",
    keys: { "pod-1": "SECRET-KEY-POD1-9876543210", "pod-2": "SECRET-KEY-POD2-0123456789" },
  },
} as const satisfies Record<string, Credentials>;

export const SECRET_VALUES: readonly string[] = [
  ...new Set(
    [SECRETS.old, SECRETS.new].flatMap((credentials) => [
      credentials.license,
      credentials.apiToken,
      ...Object.values(credentials.keys),
    ]),
  ),
];
