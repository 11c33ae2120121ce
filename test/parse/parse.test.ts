import { describe, expect, it, vi } from "vitest";
import { parseNetworkText } from "../../src/parse/parse.js";
import { LIMITS } from "../../src/spec/constants.js";
import { unclosedFlowMaps } from "../support/deep-yaml.js";
import { positions } from "../support/findings.js";

const parse = (text: string) => parseNetworkText("net.yaml", text);

describe("parseNetworkText", () => {
  it("reads YAML 1.2: on, no, y, yes, off are strings, not booleans", () => {
    const { value, findings } = parse("ids: [on, no, y, yes, off, n, true]\n");
    expect(findings).toEqual([]);
    expect(value).toEqual({ ids: ["on", "no", "y", "yes", "off", "n", true] });
  });

  it.each([
    ["unclosed flow sequence", "a: [1, 2\nb: 3\n", 1, 4],
    ["unclosed flow map", "a: { b: 1\n", 1, 4],
    ["tab indentation", "a:\n\tb: 1\n", 2, 1],
    ["inconsistent indentation", "a:\n  b: 1\n c: 2\n", 3, 1],
    ["duplicate key", "a: 1\nb: 2\na: 3\n", 3, 1],
    ["second document", "a: 1\n---\nb: 2\n", 2, 1],
    ["unterminated quote", 'a: "open\n', 1, 4],
  ])("%s is a positioned `yaml` finding, not an exception", (_, text, line, column) => {
    const { value, findings } = parse(text);
    expect(value).toBeUndefined();
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((finding) => finding.rule === "yaml" && finding.severity === "error")).toBe(true);
    expect(positions(findings)[0]).toEqual({ rule: "yaml", line, column });
    expect(findings[0]?.file).toBe("net.yaml");
    expect(findings[0]?.hint).not.toBe("");
  });

  it.each([
    ["a list", "name: shop\npods: [\n  {name: a},\n", "2:7", "the list opened here with `[` is never closed"],
    ["a map", "pods:\n  - {name: web, role: server\n", "2:5", "the map opened here with `{` is never closed"],
    ["a string", 'name: "shop\npods: []\n', "1:7", 'the string opened here with `"` is never closed'],
    ["a string ending in an escaped quote", 'name: "a\\"\n', "1:7", 'the string opened here with `"`'],
    [
      "a single-quoted string ending in a doubled quote",
      "name: 'it''\n",
      "1:7",
      "the string opened here with `'`",
    ],
    ["a string inside a list, which ate the `]`", 'pods: [a, "b]\n', "1:11", "the string opened here"],
    ["the innermost of two", "pods: [{name: a}, {name: b\n", "1:19", "the map opened here with `{`"],
  ])(
    "reports %s the file never closes where it was opened, not at the end of the file",
    (_, text, at, message) => {
      const { findings } = parse(text);
      expect(findings.map(({ line, column }) => `${line}:${column}`)).toEqual([at]);
      expect(findings[0]?.message).toContain(message);
    },
  );

  it("reports a list cut short by a line indented no deeper than its key at the list, naming that line", () => {
    const { findings } = parse("pods:\n  - name: web\n    role: [server,\n  client]\n");
    expect(findings[0]).toMatchObject({
      line: 3,
      column: 11,
      message:
        "the list opened here with `[` is not closed before line 4, which is indented no deeper than the line it opens on",
    });
    expect(findings[0]?.hint).toContain("indent the lines inside it deeper than the line it opens on");
  });

  it("reports a syntax error's cascade once per line, in line order", () => {
    const { findings } = parse("spec:\n  pods:\n  [- range .Values.pods ]\n  [- end ]\n");
    expect(positions(findings).map(({ line, column }) => `${line}:${column}`)).toEqual(["3:3", "4:3"]);
  });

  it.each([
    [
      "Helm",
      "metadata:\n  name: {{ .Values.name }}\nspec:\n  pods:\n  {{- range .Values.pods }}\n  {{- end }}\n",
      2,
      9,
    ],
    [
      "Jinja",
      "# {{ not this one }}\nspec:\n  {% for pod in pods %}\n  - id: {{ pod }}\n  {% endfor %}\n",
      3,
      3,
    ],
  ])("names a %s template as one finding: render it first", (_, text, line, column) => {
    const { findings } = parse(text);
    expect(positions(findings)).toEqual([{ rule: "yaml", line, column }]);
    expect(findings[0]?.message).toMatch(/looks like a template/);
    expect(findings[0]?.hint).toMatch(/render the template first/);
  });

  it("names a second document plainly, without the library's API advice", () => {
    const [finding] = parse("a: 1\n---\nb: 2\n").findings;
    expect(finding?.message).toBe("the file holds more than one YAML document");
  });

  it("refuses an alias bomb (billion laughs) without expanding it", () => {
    const names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    const levels = names.map((name, i) => {
      const items = Array.from({ length: 9 }, () => (i === 0 ? "lol" : `*${names[i - 1] ?? ""}`));
      return `${name}: &${name} [${items.join(", ")}]`;
    });
    const started = Date.now();
    const { value, findings } = parse(`${levels.join("\n")}\n`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(value).toBeUndefined();
    expect(positions(findings)).toEqual([{ rule: "yaml", line: 1, column: 1 }]);
    expect(findings[0]?.message).toMatch(/alias/i);
  });

  it("allows a few aliases", () => {
    const { value, findings } = parse("a: &p { tier: 2 }\nb: *p\nc: *p\n");
    expect(findings).toEqual([]);
    expect(value).toEqual({ a: { tier: 2 }, b: { tier: 2 }, c: { tier: 2 } });
  });

  it.each([
    ["flow", (depth: number) => `a: ${"[".repeat(depth)}${"]".repeat(depth)}\n`],
    [
      "block map",
      (depth: number) => `${Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} 1\n`,
    ],
  ])("refuses %s nesting deeper than the limit at the first too-deep node", (_, nest) => {
    expect(parse(nest(LIMITS.yamlDepth - 1)).findings).toEqual([]);
    for (const depth of [LIMITS.yamlDepth + 1, 5_000]) {
      const { value, findings } = parse(nest(depth));
      expect(value).toBeUndefined();
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        rule: "yaml",
        message: `the document nests deeper than ${LIMITS.yamlDepth} levels`,
      });
    }
  });

  it("positions the depth finding at the collection that crosses the limit", () => {
    const { findings } = parse(`a: ${"[".repeat(100)}${"]".repeat(100)}\n`);
    // the top-level map is level 1, so the 64th bracket (column 3 + 64) is level 65
    expect(positions(findings)).toEqual([{ rule: "yaml", line: 1, column: 3 + LIMITS.yamlDepth }]);
  });

  it("refuses unclosed flow maps nesting too deep for the library's parser at the limit, like fewer of them", () => {
    const lines = (count: number) => unclosedFlowMaps(count, "pods");
    const expected = [{ rule: "yaml", line: LIMITS.yamlDepth, column: 9 }];
    expect(positions(parse(lines(1_000)).findings)).toEqual(expected);
    for (const count of [3_000, 20_000]) {
      const { value, findings } = parse(lines(count));
      expect(value).toBeUndefined();
      expect(positions(findings)).toEqual(expected);
      expect(findings[0]?.message).toBe(`the document nests deeper than ${LIMITS.yamlDepth} levels`);
    }
  });

  it("refuses text with a NUL byte, at its position", () => {
    const { findings } = parse("a: 1\nb: x\u0000y\n");
    expect(positions(findings)).toEqual([{ rule: "yaml", line: 2, column: 5 }]);
    expect(findings[0]?.message).toContain("NUL");
  });

  it("allows exactly as many alias expansions as the limit, and refuses one more", () => {
    const aliases = (count: number) =>
      `a: &v 1\nb: [${Array.from({ length: count }, () => "*v").join(", ")}]\n`;
    expect(parse(aliases(LIMITS.yamlAliasCount)).findings).toEqual([]);
    const [refused] = parse(aliases(LIMITS.yamlAliasCount + 1)).findings;
    expect(refused?.message).toBe(
      `the document expands YAML aliases more than ${LIMITS.yamlAliasCount} times`,
    );
  });

  it("reports a complex key at its position as unsupported, with no warning from the library", () => {
    const warn = vi.spyOn(process, "emitWarning");
    try {
      const { value, findings } = parse("a: 1\nb:\n  ? [x, y]\n  : z\n");
      expect(value).toBeUndefined();
      expect(positions(findings)).toEqual([{ rule: "yaml", line: 3, column: 5 }]);
      expect(findings[0]?.message).toBe("complex keys (`? …`) are not supported");
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("reports a merge key at the key as unsupported", () => {
    const { findings } = parse("pods:\n  - id: a\n  - <<: { id: b }\n");
    expect(positions(findings)).toEqual([{ rule: "yaml", line: 3, column: 5 }]);
    expect(findings[0]?.message).toBe("merge keys (`<<`) are not supported");
  });

  it("reports an alias to no anchor at the alias", () => {
    const { findings } = parse("a: 1\nb: *nowhere\n");
    expect(positions(findings)).toEqual([{ rule: "yaml", line: 2, column: 4 }]);
    expect(findings[0]?.message).toContain("`*nowhere`");
  });

  it("quotes nothing of the text when asked not to", () => {
    const text = "a: *Zq9\nb: !Zq9 x\nZq9: 1\nZq9: 2\n? [Zq9]\n: 1\n";
    const { findings } = parseNetworkText("creds.yaml", text, { quoteText: false });
    expect(findings.length).toBeGreaterThanOrEqual(4);
    for (const finding of findings) expect(finding.message).not.toContain("Zq9");
  });

  it("finds every duplicate among 50,000 keys of one map, each at its line (linear, not quadratic)", () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i % 25_000}: v`);
    const { findings } = parse(`${keys.join("\n")}\n`);
    expect(findings).toHaveLength(25_000);
    expect(positions(findings)[0]).toEqual({ rule: "yaml", line: 25_001, column: 1 });
    expect(positions(findings).at(-1)).toEqual({ rule: "yaml", line: 50_000, column: 1 });
  });

  it("places each of 20,000 unclosed lists at its own `[` (linear, not quadratic)", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `k${i}: [a`);
    const { findings } = parse(`${lines.join("\n")}\n`);
    expect(findings).toHaveLength(20_000);
    expect(positions(findings)[0]).toEqual({ rule: "yaml", line: 1, column: 5 });
    expect(positions(findings).at(-1)).toEqual({ rule: "yaml", line: 20_000, column: 9 });
    expect(findings.at(-1)?.message).toContain("never closed");
  });

  it("gives no value and no finding for an empty file (the schema reports it)", () => {
    expect(parse("")).toMatchObject({ value: null, findings: [] });
    expect(parse("# only a comment\n").findings).toEqual([]);
  });

  describe("locate", () => {
    const text = [
      "spec:", //                       line 1
      "  pods:", //                     line 2
      "    - id: a", //                 line 3
      "      role: relay", //           line 4
      "    - { id: b, role: x }", //    line 5
    ].join("\n");
    const { locate } = parse(`${text}\n`);

    it("finds values and keys by path", () => {
      expect(locate.value(["spec", "pods", 0, "role"])).toEqual({ line: 4, column: 13 });
      expect(locate.key(["spec", "pods", 0, "role"])).toEqual({ line: 4, column: 7 });
      expect(locate.value(["spec", "pods", 1, "role"])).toEqual({ line: 5, column: 22 });
      expect(locate.key(["spec", "pods"])).toEqual({ line: 2, column: 3 });
    });

    it("falls back to the deepest existing ancestor", () => {
      expect(locate.value(["spec", "pods", 0, "protocol"])).toEqual({ line: 3, column: 7 });
      expect(locate.value(["spec", "pods", 7, "id"])).toEqual({ line: 3, column: 5 });
      expect(locate.value(["nothing"])).toEqual({ line: 1, column: 1 });
    });
  });
});
