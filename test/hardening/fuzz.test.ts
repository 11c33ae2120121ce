import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { resolve } from "../../src/model/resolve.js";
import { composeBundle } from "../../src/render/bundle.js";
import { defaultRenderOptions } from "../../src/render/defaults.js";
import { RULE_IDS, type Finding } from "../../src/validate/finding.js";
import { validateText } from "../../src/validate/validate.js";
import { firstUnsafeCharacter } from "../../src/control-characters.js";
import { networkArbitrary } from "../support/arbitrary-network.js";

/**
 * Fuzzing: random and mutated network files must give findings (each with a position) or a valid bundle,
 * never an exception or a hang. Seeded and bounded for CI; `LANE7_FUZZ_RUNS=100000 LANE7_FUZZ_SEED=…
 * npx vitest run test/hardening/fuzz.test.ts` is the long mode.
 */
const RUNS = Number(process.env.LANE7_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.LANE7_FUZZ_SEED ?? 20261123);
const LONG = RUNS > 1000;
const OPTIONS = defaultRenderOptions("0.0.0-fuzz");

function checkFindings(findings: readonly Finding[]): void {
  for (const finding of findings) {
    expect(RULE_IDS).toContain(finding.rule);
    expect(finding.line).toBeGreaterThanOrEqual(1);
    expect(finding.column).toBeGreaterThanOrEqual(1);
    expect(finding.message.length).toBeGreaterThan(0);
    expect(finding.hint.length).toBeGreaterThan(0);
    expect(finding.message).not.toMatch(/\bat .*\.(js|ts):\d+/);
  }
}

/** Validate `text`; when it is valid, compose it: either way nothing may throw. */
function compile(text: string): void {
  const validation = validateText("fuzz.yaml", text);
  checkFindings(validation.findings);
  if (validation.ok) {
    const files = composeBundle(resolve(validation.network), OPTIONS);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(firstUnsafeCharacter(file.content), file.path).toBe(-1);
  } else {
    expect(validation.findings.length).toBeGreaterThan(0);
  }
}

/** Snippets that stress a YAML reader: anchors and aliases, tags, tabs, documents, flow, odd scalars. */
const YAML_SNIPPETS = [
  "&a ",
  "*a",
  "<<: *a\n",
  "!!binary ",
  "!!set ",
  "!custom ",
  "\t",
  "\n---\n",
  "\n...\n",
  "[[[[[[[[",
  "]]]]",
  "{",
  "}",
  ": ",
  "- ",
  "? ",
  "'",
  '"',
  "\\u0000",
  "%YAML 1.1\n",
  "#",
  "|\n  ",
  ">-\n  ",
  "0x1F",
  "1e309",
  ".nan",
  "~",
  "null",
  "on",
  "2026-11-23",
  "😀",
  "\u202e",
  "\ufeff",
  "é",
  // control characters, raw and as escapes of a double-quoted string
  "\u001b[31m",
  "\u001b]0;title\u0007",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u2028",
  "\u2029",
  '"\\e[2J"',
  '"\\ud800"',
  '"\\x9b\\0"',
  '"\\L"',
  // numbers beyond what a double holds exactly, or at all
  "1e400",
  "-1e400",
  "99999999999999999999999",
  "0x" + "f".repeat(40),
  "9007199254740993",
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...YAML_SNIPPETS) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant("duplicate-line" as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, change: Mutation): string {
  const at = text.length === 0 ? 0 : change.at % text.length;
  switch (change.kind) {
    case "insert":
      return text.slice(0, at) + change.text + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + change.length);
    case "duplicate-line": {
      const lines = text.split("\n");
      const index = at % lines.length;
      lines.splice(index, 0, lines[index] ?? "");
      return lines.join("\n");
    }
  }
}

/** Replace the value at a random path of a valid network with an arbitrary JSON-ish value. */
function replaceSomewhere(value: unknown, choice: number, replacement: unknown): unknown {
  if (Array.isArray(value) && value.length > 0) {
    const index = choice % value.length;
    const copy: unknown[] = [...(value as unknown[])];
    copy[index] =
      choice % 3 === 0 ? replacement : replaceSomewhere(copy[index], Math.floor(choice / 3), replacement);
    return copy;
  }
  if (typeof value === "object" && value !== null) {
    const entries: [string, unknown][] = Object.entries(value);
    if (entries.length === 0) return replacement;
    const index = choice % entries.length;
    const [key, inner] = entries[index] ?? ["", undefined];
    const next =
      choice % 3 === 0 ? replacement : replaceSomewhere(inner, Math.floor(choice / 3), replacement);
    return { ...value, [key]: next };
  }
  return replacement;
}

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 5000 }),
  fc.constantFrom(
    "$(rm -rf /)",
    "'; DROP",
    "{{title}}",
    "../../etc/passwd",
    "a\nb",
    "|",
    "`x`",
    "on",
    "0755",
    "\u001b[2J\u001b[H",
    "x\u0000y",
    "del\u007f",
    "c1\u0085\u009b",
    "line\u2028para\u2029",
    "lone\ud800",
    "\ufeffbom",
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    2 ** 64,
    Number.MAX_SAFE_INTEGER + 2,
    1e-320,
  ),
);

describe("fuzzing the compiler", () => {
  const timeout = LONG ? 6 * 60 * 60 * 1000 : 120_000;

  it(
    "mutated network texts give positioned findings or a bundle",
    () => {
      fc.assert(
        fc.property(
          networkArbitrary({ maxPods: 8 }),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          (network, changes) => {
            compile(changes.reduce(mutate, stringify(network)));
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    },
    timeout,
  );

  it(
    "wrong types, unicode and long strings anywhere in a network give findings or a bundle",
    () => {
      fc.assert(
        fc.property(
          networkArbitrary({ maxPods: 6 }),
          fc.nat(),
          hostileValue,
          (network, choice, replacement) => {
            compile(stringify(replaceSomewhere(network, choice, replacement)));
          },
        ),
        { seed: SEED + 1, numRuns: RUNS },
      );
    },
    timeout,
  );

  it(
    "arbitrary text gives findings, never an exception",
    () => {
      fc.assert(
        fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
          compile(text);
        }),
        { seed: SEED + 2, numRuns: RUNS },
      );
    },
    timeout,
  );

  // The test timeout is the hang guard: a case that does not finish fails the test.
  it("alias bombs, deep nesting and huge lists are refused with a position", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 9; level++) {
      bomb.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(", ")}]`,
      );
    }
    const cases = [
      bomb.join("\n"),
      `${"[".repeat(5000)}${"]".repeat(5000)}`,
      `${"- ".repeat(2000)}x`,
      `apiVersion: lane7/v1\nkind: Network\nmetadata: {name: big}\nspec:\n  pods:\n${"    - {id: p, role: relay}\n".repeat(10_001)}  edges: []\n`,
      `apiVersion: lane7/v1\nkind: Network\nmetadata: {name: ${"n".repeat(100_000)}}\nspec: {pods: [], edges: []}\n`,
    ];
    for (const text of cases) {
      const validation = validateText("hard.yaml", text);
      expect(validation.ok).toBe(false);
      checkFindings(validation.findings);
    }
  }, 60_000);
});
