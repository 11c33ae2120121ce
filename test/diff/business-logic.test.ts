import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { diffSides } from "../../src/diff/diff.js";
import { formatDiffHuman } from "../../src/diff/format/human.js";
import { formatDiffJson } from "../../src/diff/format/json.js";
import { formatDiffMarkdown } from "../../src/diff/format/markdown.js";
import { composedSide } from "../../src/diff/side.js";
import { styleFor } from "../../src/io.js";
import { splitAppPy } from "../../src/render/app/sections.js";
import type { BundleFile } from "../../src/render/file.js";
import { ROOT } from "../support/cli.js";
import { composeText, EDITS, edited, exampleText } from "./support.js";

const schema = JSON.parse(readFileSync(join(ROOT, "schemas/diff-output.schema.json"), "utf8")) as object;
const conforms = new Ajv({ strict: true, allErrors: true }).compile(schema);

/** The files with the given pods' Section 1 edited (a line added to it). */
function withBusinessLogic(files: readonly BundleFile[], pods: readonly string[]): BundleFile[] {
  return files.map((file) => {
    const pod = file.path.slice(0, file.path.indexOf("/"));
    if (!pods.includes(pod) || !file.path.endsWith("/app/app.py")) return file;
    const sections = splitAppPy(file.content);
    if (sections === null) throw new Error(`${file.path} has no banners`);
    return { ...file, content: `${sections.head}\nLOGIC = "${pod}"\n${sections.section1}${sections.rest}` };
  });
}

function sectionTwoEdited(files: readonly BundleFile[], path: string): BundleFile[] {
  return files.map((file) =>
    file.path === path
      ? { ...file, content: file.content.replace("QUEUE_LIMIT = 1000", "QUEUE_LIMIT = 9") }
      : file,
  );
}

describe("lane7 diff: business logic (Section 1 of app.py)", () => {
  const base = composeText(exampleText("agentic-ai"));
  const next = composeText(edited("agentic-ai", EDITS.newEdge));
  const result = diffSides(
    composedSide("old/", base),
    composedSide("new/", withBusinessLogic(next, ["llm-gateway", "ai-orchestrator"])),
  );

  it("is its own category, listing the pods, and not a file change of app.py", () => {
    expect(result.businessLogic).toEqual({ pods: ["ai-orchestrator", "llm-gateway"] });
    expect(result.summary.businessLogicChanged).toBe(2);
    expect(result.different).toBe(true);
    expect(result.files.map((file) => file.path)).not.toContain("llm-gateway/app/app.py");
  });

  it("keeps Section 2 changes as file changes of app.py, naming the part, and diffing only that", () => {
    const app = result.files.find((file) => file.path === "ai-gateway/app/app.py");
    expect(app?.appParts, "the header shows how to run it locally, with the new port").toEqual([
      "header",
      "section2",
    ]);
    expect(app?.text?.unified).toContain('+EGRESS_PORT_MAP = {"ai-orchestrator": ');
    const orchestrator = diffSides(
      composedSide("old/", base),
      composedSide(
        "new/",
        sectionTwoEdited(withBusinessLogic(base, ["ai-orchestrator"]), "ai-orchestrator/app/app.py"),
      ),
    );
    const change = orchestrator.files.find((file) => file.path === "ai-orchestrator/app/app.py");
    expect(change?.appParts).toEqual(["section2"]);
    expect(change?.text?.unified).not.toContain("LOGIC");
    expect(orchestrator.businessLogic.pods).toEqual(["ai-orchestrator"]);
  });

  it("human: after the security posture and the network, before the files", () => {
    const text = formatDiffHuman(result, styleFor(false));
    expect(text.split("\n")[0]).toContain("1 edge added · business logic changed in 2 pods · ");
    const at = (marker: string) => text.indexOf(marker);
    expect(at("Security posture")).toBeLessThan(at("Network\n"));
    expect(at("Network\n")).toBeLessThan(at("Business logic: changed in 2 pods\n"));
    expect(at("Business logic:")).toBeLessThan(at("Files\n"));
    expect(text).toContain(
      "Business logic: changed in 2 pods\n" +
        "  ~ ai-orchestrator (Section 1 of ai-orchestrator/app/app.py)\n" +
        "  ~ llm-gateway (Section 1 of llm-gateway/app/app.py)\n",
    );
    expect(text).toContain("  ~ ai-gateway/app/app.py (header, Section 2)\n");
  });

  it("markdown: its own section after the network", () => {
    const text = formatDiffMarkdown(result);
    const headings = ["#### Network", "#### Business logic", "#### Files"].map((heading) =>
      text.indexOf(heading),
    );
    expect(headings).toEqual([...headings].sort((a, b) => a - b));
    expect(text).toContain(
      "#### Business logic\n\nBusiness logic changed in 2 pods (Section 1 of their app.py):\n\n- ✏️ `ai-orchestrator`\n- ✏️ `llm-gateway`\n",
    );
  });

  it("json: conforms to the schema, with or without business logic changes", () => {
    const same = diffSides(composedSide("a", base), composedSide("b", base));
    expect(same.businessLogic).toEqual({ pods: [] });
    expect(same.different).toBe(false);
    for (const each of [result, same]) {
      const output = JSON.parse(formatDiffJson(each)) as { businessLogic: unknown };
      expect(conforms(output), JSON.stringify(conforms.errors)).toBe(true);
    }
    expect((JSON.parse(formatDiffJson(result)) as { businessLogic: unknown }).businessLogic).toEqual({
      pods: ["ai-orchestrator", "llm-gateway"],
    });
  });

  it("compares an app.py whose banners are gone as a whole file", () => {
    const broken = base.map((file) =>
      file.path !== "llm-gateway/app/app.py"
        ? file
        : { ...file, content: file.content.replace("# SECTION 1: BUSINESS LOGIC", "# gone") },
    );
    const whole = diffSides(composedSide("old/", base), composedSide("new/", broken));
    expect(whole.businessLogic.pods).toEqual([]);
    const change = whole.files.find((file) => file.path === "llm-gateway/app/app.py");
    expect(change?.appParts).toBeUndefined();
    expect(change?.text?.unified).toContain("+# gone");
  });
});
