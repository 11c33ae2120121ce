import fc from "fast-check";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import {
  cachedOutsideRendering,
  toYaml,
  toYamlDocuments,
  toYamlWithLibrary,
  withYamlCaches,
} from "../../src/render/yaml.js";
import { composeExample } from "../support/bundle.js";
import { EXAMPLES } from "../support/models.js";

/** The fast serializer must write exactly what the yaml library writes. */
describe("toYaml", () => {
  it("keeps no string once a bundle is composed: its caches held Secret values", () => {
    // Holding ": " and a letter outside ASCII, it is written (quoted) by the library, and so cached.
    const secret = "a licence: välue that must not linger";
    const files = composeExample("agentic-ai", {
      credentials: { license: secret, apiToken: secret, keys: {} },
    });
    expect(files.some((file) => file.content.includes(secret))).toBe(true);
    expect(cachedOutsideRendering()).toBe(0);
    expect(withYamlCaches(() => [toYaml({ licence: secret }), cachedOutsideRendering()])[1]).toBeGreaterThan(
      0,
    );
    expect(cachedOutsideRendering()).toBe(0);
  });

  it.each(EXAMPLES)("equals the yaml library on every document of the %s bundle", (example) => {
    for (const file of composeExample(example).filter((entry) => entry.path.endsWith(".yaml"))) {
      const values = parseAllDocuments(file.content, { version: "1.1" }).map(
        (document) => document.toJS() as unknown,
      );
      expect(toYamlDocuments(values), file.path).toBe(file.content.replace(/^#.*\n/, ""));
      for (const value of values) expect(toYaml(value), file.path).toBe(toYamlWithLibrary(value));
    }
  });

  // Characters that change how YAML reads a scalar: indicators, quotes, whitespace, line breaks, digits.
  const tricky = fc.string({
    unit: fc.constantFrom(..."aeynoxtrufl0129_./-: #'\"\\\n\t|>&*!%@`,[]{}?~=+éZYNOT();".split("")),
    maxLength: 12,
  });
  const words = fc.constantFrom(
    "on",
    "ON",
    "Off",
    "Yes",
    "False",
    "NULL",
    "a b",
    "a  b",
    "envoy.filters.http_router/v3-x",
    "no",
    "y",
    "N",
    "true",
    "null",
    "~",
    "0755",
    "1e3",
    "e9",
    "0x1F",
    "12:30",
    "2026-11-23",
    ".inf",
    "-",
    "---",
    "64Mi",
    "1e",
    "500m",
    "a: b",
    " lead",
    "trail ",
    "x\n",
    "\ny",
    "",
  );
  const text = fc.oneof(tricky, words);
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      text,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("node"), { maxLength: 4 }),
      fc.dictionary(text, tie("node"), { maxKeys: 4 }),
    ),
  })).node;

  it("equals the yaml library on generated values", () => {
    fc.assert(
      fc.property(value, (generated) => {
        expect(toYaml(generated)).toBe(toYamlWithLibrary(generated));
      }),
      { seed: 1123, numRuns: 3000 },
    );
  });

  // Multi-line text (a ConfigMap's file, a script): lines of tricky text, blank lines, trailing breaks.
  const lines = fc
    .array(fc.oneof(tricky, words, fc.constant("")), { minLength: 2, maxLength: 6 })
    .map((parts) => parts.join("\n"));

  it("equals the yaml library on generated multi-line text, as a value at any depth", () => {
    fc.assert(
      fc.property(lines, fc.integer({ min: 0, max: 3 }), (block, depth) => {
        let generated: unknown = { text: block, list: [block, "x"] };
        for (let level = 0; level < depth; level++) generated = { data: generated };
        expect(toYaml(generated)).toBe(toYamlWithLibrary(generated));
      }),
      { seed: 1201, numRuns: 3000 },
    );
  });

  it("hands what is not plain data to the library", () => {
    class Port {
      constructor(readonly number: number) {}
    }
    const unusual = { when: new Date(0), port: new Port(80), list: [undefined, 1] };
    expect(toYaml(unusual)).toBe(toYamlWithLibrary(unusual));
  });

  it("writes control characters and line separators as escapes that YAML 1.1 and 1.2 read back exactly", () => {
    const unusual = [
      "a\u0000b",
      "\u001b[31mred\u001b[0m",
      "del\u007f",
      "c1\u0085\u0090\u009b",
      "line\u2028para\u2029",
      "bom\ufeff\ufffe",
      'mixed\t"quote"\\\n\u0007é😀',
    ];
    const secret = { stringData: Object.fromEntries(unusual.map((v, i) => [`K${i}`, v])), ["k\u001b"]: "v" };
    const written = toYaml(secret);
    expect(written).toBe(toYamlWithLibrary(secret));
    expect(written).toMatch(/^[\n\u0020-\u007e\u00a0-\u2027\u202a-\ufefe\u{10000}-\u{10ffff}]*$/u);
    // eslint-disable-next-line no-control-regex -- control characters are what this matches
    expect(written).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/);
    for (const version of ["1.1", "1.2"] as const) expect(parse(written, { version })).toEqual(secret);
  });
});
