import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { splitAppPy } from "../../src/render/app/sections.js";
import { parseRecord } from "../../src/render/record-schema.js";
import {
  generatedHash,
  RECORD_PATH,
  recordedFile,
  renderRecord,
  type BundleRecord,
} from "../../src/render/record.js";
import { composeExample } from "../support/bundle.js";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

function recordOf(example: string): { record: BundleRecord; text: string } {
  const files = composeExample(example);
  const file = files.at(-1);
  if (file?.path !== RECORD_PATH) throw new Error("the record is not the last file");
  const record = parseRecord(file.content);
  if (typeof record === "string") throw new Error(record);
  return { record, text: file.content };
}

describe("the record (.lane7/files.json)", () => {
  it("lists every other file once, sorted, with the lane7 version and the network", () => {
    const files = composeExample("bi-pod");
    const { record } = recordOf("bi-pod");
    expect(record.format).toBe(1);
    expect(record.network).toBe("bi-pod");
    expect(record.lane7).toMatch(/^\d+\.\d+\.\d+/);
    expect(record.files.map((file) => file.path)).toEqual(files.slice(0, -1).map((file) => file.path));
  });

  it("hashes plain files whole, app.py without its Section 1, and keeps the stub's hash and hooks", () => {
    const files = new Map(composeExample("agentic-ai").map((file) => [file.path, file]));
    const { record } = recordOf("agentic-ai");
    const byPath = new Map(record.files.map((file) => [file.path, file]));
    const deploy = files.get("deploy.sh")?.content ?? "";
    expect(byPath.get("deploy.sh")).toEqual({ path: "deploy.sh", sha256: sha256(deploy) });
    const app = splitAppPy(files.get("ai-gateway/app/app.py")?.content ?? "");
    if (app === null) throw new Error("no banners");
    expect(byPath.get("ai-gateway/app/app.py")).toEqual({
      path: "ai-gateway/app/app.py",
      sha256: sha256(app.head + app.rest),
      section1: {
        sha256: sha256(app.section1),
        hooks: ["async def on_trigger(payload: dict, headers: dict) -> dict"],
      },
    });
  });

  it("holds no hash of a file that holds credentials", () => {
    const files = composeExample("bi-pod", {
      credentials: { license: "L-s3cr3t", apiToken: "T-s3cr3t", keys: { "pod-1": "K-s3cr3t" } },
    });
    const secrets = files.find((file) => file.path === "pod-1/02-secrets.yaml");
    const record = files.at(-1)?.content ?? "";
    expect(secrets?.mode).toBe(0o600);
    expect(record).toContain('"path": "pod-1/02-secrets.yaml",\n      "sha256": null');
    expect(record).not.toContain(sha256(secrets?.content ?? "x"));
  });

  it("is deterministic JSON: sorted keys, two-space indent, a trailing newline, whatever the input order", () => {
    const files = composeExample("bi-pod").slice(0, -1);
    const about = { lane7Version: "9.9.9", network: "bi-pod" };
    const text = renderRecord(files.map(recordedFile), about).content;
    expect(renderRecord([...files].reverse().map(recordedFile), about).content).toBe(text);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n").slice(0, 3)).toEqual(["{", '  "files": [', "    {"]);
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys).toEqual(["files", "format", "lane7", "network"]);
  });

  it("gives an app.py the same generated hash whatever its Section 1; null once its banners are gone", () => {
    const file = composeExample("bi-pod").find((candidate) => candidate.path === "pod-1/app/app.py");
    const sections = splitAppPy(file?.content ?? "");
    if (file === undefined || sections === null) throw new Error("no app.py");
    const edited = sections.head + "\nMINE = 1\n" + sections.rest;
    expect(generatedHash(file.path, edited)).toBe(generatedHash(file.path, file.content));
    expect(
      generatedHash(file.path, edited.replace("# SECTION 2: NETWORKING", "# SECTION 3: NETWORKING")),
    ).toBeNull();
    expect(generatedHash("pod-1/app/Dockerfile", "x")).toBe(sha256("x"));
  });

  it.each([
    ["not JSON", "{", /^not JSON/],
    ["another format", JSON.stringify({ format: 2, lane7: "1", network: "n", files: [] }), /format/],
    [
      "a path outside the bundle",
      JSON.stringify({ format: 1, lane7: "1", network: "n", files: [{ path: "../x", sha256: null }] }),
      /files\.0\.path: not a relative path inside the bundle/,
    ],
    [
      "a malformed hash",
      JSON.stringify({ format: 1, lane7: "1", network: "n", files: [{ path: "x", sha256: "abc" }] }),
      /files\.0\.sha256/,
    ],
  ])("is refused when it is %s", (_, text, message) => {
    expect(parseRecord(text)).toMatch(message);
  });
});
