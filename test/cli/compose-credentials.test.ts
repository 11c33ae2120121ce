import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { credentialsWarning, loadCredentials, podKeyVariable } from "../../src/cli/credentials.js";
import type { PodModel } from "../../src/model/model.js";
import { scratchDir } from "../write/fixtures.js";

const pods = ["ai-gateway", "constructor"].map((id) => ({ id }) as PodModel);

describe("loadCredentials", () => {
  it("names each pod's variable HOPR_KEY_<ID upper-cased, - as _>", () => {
    expect(podKeyVariable("ai-gateway")).toBe("HOPR_KEY_AI_GATEWAY");
  });

  it("gives null and lists everything missing when nothing is set; empty variables count as unset", async () => {
    const loaded = await loadCredentials(undefined, { env: { HOPR_LICENSE: "" }, cwd: "/" }, pods);
    expect(loaded).toEqual({
      credentials: null,
      imagePullSecret: null,
      missing: ["HOPR_LICENSE", "HOPR_API_TOKEN", "HOPR_KEY of ai-gateway", "HOPR_KEY of constructor"],
    });
    expect(credentialsWarning(loaded, pods)).toMatch(/^no credentials were given/);
  });

  it("reads only own keys of the file (a pod named `constructor`), fills the rest with placeholders", async () => {
    const cwd = scratchDir();
    writeFileSync(join(cwd, "creds.yaml"), "apiToken: t0k3n\nkeys:\n  ai-gateway: k3y\n");
    const loaded = await loadCredentials("creds.yaml", { env: {}, cwd }, pods);
    expect(loaded).toEqual({
      credentials: { license: "REPLACE_ME_HOPR_LICENSE", apiToken: "t0k3n", keys: { "ai-gateway": "k3y" } },
      imagePullSecret: null,
      missing: ["HOPR_LICENSE", "HOPR_KEY of constructor"],
    });
    const warning = credentialsWarning(loaded, pods) ?? "";
    expect(warning).toContain("placeholders for HOPR_LICENSE, HOPR_KEY of constructor;");
    expect(warning).toContain("(e.g. HOPR_KEY_CONSTRUCTOR)");
    expect(warning).not.toContain("HOPR_KEY_AI_GATEWAY");
    expect(warning).not.toMatch(/t0k3n|k3y/);
  });

  it("gives no HOPR_KEY_ example when every pod's key is given", async () => {
    const env = { HOPR_KEY_AI_GATEWAY: "a", HOPR_KEY_CONSTRUCTOR: "c" };
    const warning = credentialsWarning(await loadCredentials(undefined, { env, cwd: "/" }, pods), pods);
    expect(warning).toContain("placeholders for HOPR_LICENSE, HOPR_API_TOKEN;");
    expect(warning).not.toContain("(e.g.");
  });

  it("has no warning when every value is given", async () => {
    const env = {
      HOPR_LICENSE: "l",
      HOPR_API_TOKEN: "t",
      HOPR_KEY_AI_GATEWAY: "a",
      HOPR_KEY_CONSTRUCTOR: "c",
    };
    const loaded = await loadCredentials(undefined, { env, cwd: "/" }, pods);
    expect(loaded.missing).toEqual([]);
    expect(credentialsWarning(loaded, pods)).toBeUndefined();
  });
});
