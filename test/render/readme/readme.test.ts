import { describe, expect, it } from "vitest";
import type { BlueprintModel } from "../../../src/model/model.js";
import { resolve } from "../../../src/model/resolve.js";
import { renderReadme } from "../../../src/render/readme/readme.js";
import { CREDENTIALS, EXAMPLES, exampleModel, HOSTILE_TITLE, OPTIONS } from "../../support/models.js";

/** The rows of the Markdown table that follows `heading`, as trimmed cells (header and rule excluded). */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(start).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const table = lines.slice(first);
  const end = table.findIndex((line) => !line.startsWith("|"));
  return table.slice(2, end).map(cells);
}

function cells(row: string): string[] {
  return row
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The reference article's tables (the Pod Map and Network Details of a delivered bundle), as cells. */
const REFERENCE_POD_MAP = `
| ai-gateway      | initiator  | HTTP      | Tier 2  | agentic-ai-ai-gateway-ns      |
| ai-orchestrator | relay      | HTTP      | —       | agentic-ai-ai-orchestrator-ns |
| llm-gateway     | relay      | WEBSOCKET | —       | agentic-ai-llm-gateway-ns     |
| tool-executor   | relay      | WEBSOCKET | —       | agentic-ai-tool-executor-ns   |
| nlp-processor   | aggregator | HTTP      | —       | agentic-ai-nlp-processor-ns   |
| ai-results-sink | terminator | HTTP      | Tier 2  | agentic-ai-ai-results-sink-ns |`;

const REFERENCE_NETWORK_DETAILS = `
| Network   | Agentic AI Inference Pipeline                                              |
| Protocol  | Heterogeneous — HTTP (4 pods), WEBSOCKET (2 pods)                          |
| WoSP Mode | Armored Tunnel — xtra4 (per-session CHIPS rotation, persistent TCP tunnel) |
| Pods      | 6                                                                          |`;

const rows = (table: string) => table.trim().split("\n").map(cells);

describe("README.md of agentic-ai", () => {
  const readme = renderReadme(exampleModel("agentic-ai"), OPTIONS);

  it("is README.md, a plain file", () => {
    expect([readme.path, readme.mode]).toEqual(["README.md", 0o644]);
  });

  it("has the reference's Pod Map, header included", () => {
    expect(readme.content).toContain("| Pod ID | Role | Protocol | Pinhole | Namespace |\n|---|");
    expect(tableAfter(readme.content, "## Pod Map")).toEqual(rows(REFERENCE_POD_MAP));
  });

  it("has the reference's Network Details", () => {
    expect(tableAfter(readme.content, "## Network Details")).toEqual(rows(REFERENCE_NETWORK_DETAILS));
  });

  it("fills its opening and posture paragraphs to 100 columns, however long the names in them", () => {
    for (const heading of ["# ", "## Security posture"]) {
      const start = readme.content.indexOf(`\n\n`, readme.content.indexOf(heading)) + 2;
      const paragraph = readme.content.slice(start, readme.content.indexOf("\n\n", start)).split("\n");
      expect(paragraph.length, heading).toBeGreaterThan(2);
      paragraph.forEach((line, index) => {
        expect(line.length, line).toBeLessThanOrEqual(100);
        const nextWord = paragraph[index + 1]?.split(" ")[0];
        if (nextWord !== undefined) expect(line.length + 1 + nextWord.length, line).toBeGreaterThan(100);
      });
    }
  });

  it("shows the deploy, verify and teardown steps with the real names", () => {
    const body = readme.content;
    const steps = [
      "bash pinhole-setup.sh",
      "bash deploy.sh",
      "kubectl logs -n agentic-ai-ai-results-sink-ns deployment/ai-results-sink -c web-app | grep trail",
      "bash teardown.sh",
    ];
    const positions = steps.map((step) => body.indexOf(step));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body).toContain(
      "curl --cacert ../agentic-ai-pinhole-tls/ca.crt --cert ../agentic-ai-pinhole-tls/ai-gateway/client.crt --key ../agentic-ai-pinhole-tls/ai-gateway/client.key",
    );
    expect(body).toContain("https://ai-results-sink-pinhole.agentic-ai-ai-results-sink-ns.svc:19001/output");
  });

  it("gives each pinhole's port-forward a local port of its own, so that they run side by side", () => {
    const forwards = readme.content.split("\n").filter((line) => line.includes("kubectl port-forward"));
    expect(forwards).toEqual([
      "kubectl port-forward -n agentic-ai-ai-gateway-ns service/ai-gateway-pinhole 19000:19000",
      "kubectl port-forward -n agentic-ai-ai-results-sink-ns service/ai-results-sink-pinhole 19001:19000",
    ]);
    expect(readme.content).toContain(
      "--resolve ai-results-sink-pinhole.agentic-ai-ai-results-sink-ns.svc:19001:127.0.0.1",
    );
  });

  it("states each pod's posture: who it admits, where it sends, its pinhole", () => {
    const posture = tableAfter(readme.content, "## Security posture");
    expect(posture[4]).toEqual([
      "`nlp-processor`",
      "`llm-gateway`, `tool-executor`",
      "`ai-results-sink` (HTTP, egress 18001)",
      "—",
    ]);
    expect(posture[0]?.[3]).toBe("Tier 2 (mutual TLS) on port 19000: `POST /trigger`");
  });

  it("names each pod's Section 1 hook", () => {
    const hooks = tableAfter(readme.content, "## Your business logic").map((row) => [row[0], row[2]]);
    expect(hooks).toEqual([
      ["`ai-gateway`", "`on_trigger(payload, headers)`"],
      ["`ai-orchestrator`", "`on_receive_relay(payload)`"],
      ["`llm-gateway`", "`on_receive_relay(payload)`"],
      ["`tool-executor`", "`on_receive_relay(payload)`"],
      ["`nlp-processor`", "`on_aggregate(partials)`"],
      ["`ai-results-sink`", "`on_receive_terminator(payload)`"],
    ]);
  });

  it("draws every edge with its protocol and egress port, and the pinholes as external callers", () => {
    const diagram = mermaidBlock(readme.content);
    expect(diagram).toContain('  p1["ai-orchestrator · relay · HTTP"]');
    expect(diagram).toContain("  p1 -->|WEBSOCKET, egress 18002| p3");
    expect(diagram).toContain('  c0(["External caller"]) ==>|HTTPS 19000, tier 2| p0');
    expect(diagram).toContain('  p5 ==>|HTTPS 19000, tier 2| c5(["External caller"])');
    expect(diagram.split("\n").filter((line) => line.includes("-->"))).toHaveLength(6);
  });

  it("says which lane7 made it, and no date", () => {
    expect(readme.content).toContain("Generated by lane7 9.9.9-test");
    expect(readme.content).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
  });

  it("never holds a credential, and does not change when credentials are given", () => {
    const withCredentials = renderReadme(exampleModel("agentic-ai"), {
      ...OPTIONS,
      credentials: CREDENTIALS,
    });
    expect(withCredentials).toEqual(readme);
    for (const secret of [CREDENTIALS.license, CREDENTIALS.apiToken, ...Object.values(CREDENTIALS.keys)]) {
      expect(withCredentials.content).not.toContain(secret);
    }
  });
});

describe("Network Details", () => {
  const details = (model: BlueprintModel): Record<string, string | undefined> =>
    Object.fromEntries(
      tableAfter(renderReadme(model, OPTIONS).content, "## Network Details").map(([field = "", value]) => [
        field,
        value,
      ]),
    );

  it("names a single protocol without 'Heterogeneous', and Armored Car with its rotation scope", () => {
    expect(details(exampleModel("tri-pod-fan-out"))).toEqual({
      Network: "Tri-Pod Fan-Out",
      Protocol: "HTTP (3 pods)",
      "WoSP Mode": "Armored Car — xtra7 (per-request CHIPS rotation, HTTP only)",
      Pods: "3",
    });
  });

  it("counts a lone pod in the singular and lists protocols in a fixed order", () => {
    expect(details(exampleModel("quad-pod")).Protocol).toBe(
      "Heterogeneous — HTTP (2 pods), WEBSOCKET (1 pod), GRPC (1 pod)",
    );
  });
});

const LINE_BREAKS = /[\r\n\u2028\u2029]/;

describe("hostile text stays inert", () => {
  const model: BlueprintModel = { ...exampleModel("agentic-ai"), title: HOSTILE_TITLE };
  const readme = renderReadme(model, OPTIONS).content;

  it("keeps the title on its heading line and in its table cell, with no markup left active", () => {
    const heading = readme.split("\n")[0] ?? "";
    expect(heading.startsWith("# x' ")).toBe(true);
    expect(heading).not.toMatch(/<script>|(?<!\\)\||(?<!\\)`|(?<!\\)\]/);
    const network = tableAfter(readme, "## Network Details")[0];
    expect(network).toHaveLength(2);
    expect(network?.[1]).toBe(heading.slice(2));
    // The title adds no line: the rest of the README is exactly that of a plain title.
    const plain = renderReadme({ ...model, title: "T" }, OPTIONS).content;
    expect(readme.split("\n")).toHaveLength(plain.split("\n").length);
    expect(LINE_BREAKS.test(heading)).toBe(false);
  });

  it("keeps pod ids inside their Mermaid labels", () => {
    // Pod ids are DNS labels once validated; the renderer still must not trust that.
    const hostilePods = resolve({
      apiVersion: "lane7/v1",
      kind: "Network",
      metadata: { name: "n" },
      spec: {
        pods: [
          { id: "a", role: "initiator" },
          { id: 'end"] --> x[<b>hi</b>', role: "terminator" },
        ],
        edges: [{ from: "a", to: 'end"] --> x[<b>hi</b>' }],
      },
    });
    const diagram = mermaidBlock(renderReadme(hostilePods, OPTIONS).content);
    for (const line of diagram.split("\n").slice(1)) expect(line).toMatch(MERMAID_LINE);
    expect(diagram).toContain('  p1["end#34;#93; --#62; x#91;#60;b#62;hi#60;/b#62; · terminator · HTTP"]');
  });
});

/** The statements lane7's flowcharts consist of; a label that escaped its quotes would not match. */
const MERMAID_LINE =
  /^ {2}(?:p\d+\["[^"]*"\]|(?:p|c)\d+(?:\(\["External caller"\]\))? (?:-->|==>)\|(?:[A-Z]+, egress \d+|HTTPS \d+, tier [12])\| (?:p|c)\d+(?:\(\["External caller"\]\))?)$/;

function mermaidBlock(markdown: string): string {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  if (!match?.[1]) throw new Error("no mermaid block");
  return match[1];
}

describe.each(EXAMPLES)("README.md of %s", (name) => {
  const readme = renderReadme(exampleModel(name), OPTIONS).content;

  it("has one Pod Map row per pod and a well-formed diagram", () => {
    const model = exampleModel(name);
    expect(tableAfter(readme, "## Pod Map").map((row) => row[0])).toEqual(model.pods.map((pod) => pod.id));
    for (const line of mermaidBlock(readme).split("\n").slice(1)) expect(line).toMatch(MERMAID_LINE);
  });

  it("keeps code fences balanced", () => {
    expect(readme.split("\n").filter((line) => line.trimStart().startsWith("```")).length % 2).toBe(0);
  });
});

describe("README.md's Verify step", () => {
  const model = exampleModel("bi-pod");
  const verify = (autoTrigger: BlueprintModel["autoTrigger"]) =>
    renderReadme({ ...model, autoTrigger }, OPTIONS)
      .content.split("## Verify")[1]
      ?.split("```")[0] ?? "";

  it("says how many test tasks the initiators start, and how far apart", () => {
    expect(verify({ count: 1, intervalSeconds: 0.5 })).toContain(
      "each initiator starts 1 test task by itself, 0.5 s apart",
    );
  });

  it("says that none starts by itself when the count is 0", () => {
    expect(verify({ count: 0, intervalSeconds: 5 })).toContain(
      "The initiators start no test task by themselves",
    );
  });
});
