import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hookSignatures, joinAppPy, splitAppPy } from "../../../src/render/app/sections.js";
import { appFiles, exampleModel, exampleNames } from "./networks.js";

const RULE = `# ${"=".repeat(77)}`;
const SECTION_1 = `${RULE}\n# SECTION 1: BUSINESS LOGIC (EDIT THIS SECTION)\n${RULE}\n`;
const SECTION_2 = `${RULE}\n# SECTION 2: NETWORKING LAYER (DO NOT MODIFY)\n${RULE}\n`;

const rendered = exampleNames().flatMap((name) =>
  appFiles(exampleModel(name)).filter((file) => file.path.endsWith("/app.py")),
);

describe("splitAppPy", () => {
  it("splits at the banners: the head ends with the Section 1 banner, the rest starts with Section 2's", () => {
    const text = `import os\n\n\n${SECTION_1}\nasync def on_x(a: dict) -> dict:\n    return a\n\n\n${SECTION_2}\nX = 1\n`;
    expect(splitAppPy(text)).toEqual({
      head: `import os\n\n\n${SECTION_1}`,
      section1: "\nasync def on_x(a: dict) -> dict:\n    return a\n\n\n",
      rest: `${SECTION_2}\nX = 1\n`,
    });
  });

  it("splits every app.py lane7 renders, Section 1 holding exactly its hooks", () => {
    for (const file of rendered) {
      const sections = splitAppPy(file.content);
      expect(sections, file.path).not.toBeNull();
      expect(sections?.head.endsWith(SECTION_1), file.path).toBe(true);
      expect(sections?.rest.startsWith(SECTION_2), file.path).toBe(true);
      expect(hookSignatures(sections?.section1 ?? "").length, file.path).toBeGreaterThan(0);
    }
  });

  it.each([
    ["no Section 2 banner", `${SECTION_1}code\n`],
    ["no Section 1 banner", `code\n${SECTION_2}`],
    ["the banners in the wrong order", `${SECTION_2}code\n${SECTION_1}`],
    [
      "a Section 2 title without its rules",
      `${SECTION_1}code\n# SECTION 2: NETWORKING LAYER (DO NOT MODIFY)\nX = 1\n`,
    ],
    ["two Section 1 banners", `${SECTION_1}a\n${SECTION_1}b\n${SECTION_2}`],
  ])("finds no sections with %s", (_, text) => {
    expect(splitAppPy(text)).toBeNull();
  });

  it("keeps CRLF line ends and a last line without a newline", () => {
    const crlf = `${SECTION_1}code\n${SECTION_2}end`.replace(/\n/g, "\r\n");
    const sections = splitAppPy(crlf);
    expect(sections?.section1).toBe("code\r\n");
    expect(sections && joinAppPy(sections)).toBe(crlf);
  });

  it("gives the same bytes back when joined, for any Section 1 and any text around the banners", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", "\n", "\r", "#", "=", "é", "🚀", "\t") });
    fc.assert(
      fc.property(text, text, text, (head, section1, rest) => {
        const whole = `${head}\n${SECTION_1}${section1}\n${SECTION_2}${rest}`;
        const sections = splitAppPy(whole);
        if (sections === null) return; // the random text made a banner of its own: ambiguous, refused
        expect(joinAppPy(sections)).toBe(whole);
        expect(sections.section1).toBe(`${section1}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same bytes back for every rendered app.py with any Section 1 spliced in", () => {
    fc.assert(
      fc.property(fc.constantFrom(...rendered), fc.string(), (file, code) => {
        const sections = splitAppPy(file.content);
        if (sections === null) throw new Error(`${file.path} does not split`);
        const edited = joinAppPy({ ...sections, section1: `${code}\n` });
        const again = splitAppPy(edited);
        if (again === null) return;
        expect(again).toEqual({ ...sections, section1: `${code}\n` });
        expect(joinAppPy(again)).toBe(edited);
      }),
      { numRuns: 200 },
    );
  });
});

describe("hookSignatures", () => {
  it("lists the hooks of each role's stub", () => {
    const hooks = (pod: string) => {
      const file = rendered.find((candidate) => candidate.path === `${pod}/app/app.py`);
      return hookSignatures(splitAppPy(file?.content ?? "")?.section1 ?? "");
    };
    expect(hooks("ai-gateway")).toEqual(["async def on_trigger(payload: dict, headers: dict) -> dict"]);
    expect(hooks("pod-1"), "an initiator that completes a cycle").toEqual([
      "async def on_trigger(payload: dict, headers: dict) -> dict",
      "async def on_complete(message: dict) -> dict",
    ]);
    expect(hooks("ai-orchestrator")).toEqual(["async def on_receive_relay(payload: dict) -> dict"]);
    expect(hooks("nlp-processor")).toEqual(["async def on_aggregate(partials: list[dict]) -> dict"]);
    expect(hooks("ai-results-sink")).toEqual(["async def on_receive_terminator(payload: dict) -> dict"]);
  });

  it("normalises whitespace and line breaks; ignores nested and commented-out definitions", () => {
    const section1 = [
      "async def on_a(\n    payload: dict,\n    headers: dict,\n)  ->  dict :",
      "    async def inner(x) -> None:",
      "# async def old(x) -> dict:",
      "async def on_b(x):",
      "def sync_helper(x) -> int:",
    ].join("\n");
    expect(hookSignatures(section1)).toEqual([
      "async def on_a(payload: dict, headers: dict) -> dict",
      "async def on_b(x)",
    ]);
  });
});
