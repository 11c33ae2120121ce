import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderGitignore } from "../../src/render/gitignore.js";
import type { RenderOptions } from "../../src/render/options.js";
import { ROOT, runInProcess } from "../support/cli.js";
import { exampleModel, OPTIONS } from "../support/models.js";

const model = exampleModel("agentic-ai");
const credentials = {
  license: "LICENSE-VALUE-1234",
  apiToken: "TOKEN-VALUE-5678",
  keys: Object.fromEntries(model.pods.map((pod) => [pod.id, `KEY-VALUE-${pod.id}`])),
};
const pullSecret = { name: "regcred", dockerConfigJson: '{"auths": {"r.example": {"auth": "PULL-VALUE"}}}' };

/** The patterns of a .gitignore, comments and blank lines left out. */
function patterns(options: RenderOptions): string[] {
  return renderGitignore(model, options)
    .content.split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"));
}

describe(".gitignore of the bundle", () => {
  it("is a plain file at the bundle root, the same bytes on every render", () => {
    const file = renderGitignore(model, OPTIONS);
    expect([file.path, file.mode]).toEqual([".gitignore", 0o644]);
    expect(file.content.endsWith("\n")).toBe(true);
    expect(renderGitignore(model, OPTIONS)).toEqual(file);
  });

  it("without credentials ignores private keys, the old in-bundle TLS directory and lane7's scratch only", () => {
    expect(patterns(OPTIONS)).toEqual(["/pinhole-tls/", "*.key", "*.pem", ".lane7-tmp-*"]);
    expect(renderGitignore(model, OPTIONS).content).toContain("../agentic-ai-pinhole-tls/");
    expect(renderGitignore(exampleModel("bi-pod"), OPTIONS).content).not.toContain("bi-pod-pinhole-tls");
  });

  it.each([
    ["WoSP credentials", { credentials, imagePullSecret: null }, "HOPR_LICENSE"],
    ["an image pull secret", { credentials: null, imagePullSecret: pullSecret }, "image pull Secret"],
    ["both", { credentials, imagePullSecret: pullSecret }, "HOPR_LICENSE"],
  ])("with %s ignores every pod's 02-secrets.yaml too, and says why", (_what, given, why) => {
    const options = { ...OPTIONS, ...given };
    expect(patterns(options)).toEqual([
      "/pinhole-tls/",
      "*.key",
      "*.pem",
      ".lane7-tmp-*",
      "*/02-secrets.yaml",
    ]);
    const content = renderGitignore(model, options).content;
    expect(content).toContain("composed with real credentials");
    expect(content).toContain(why);
    for (const value of ["LICENSE-VALUE", "TOKEN-VALUE", "KEY-VALUE", "PULL-VALUE", "regcred"]) {
      expect(content).not.toContain(value);
    }
  });

  it("in the open-mtls profile says no 02-secrets.yaml holds a secret, and names no Hopr credential", () => {
    const open = {
      ...model,
      security: { profile: "open-mtls", certificateHours: 24, certManagerNamespace: "cert-manager" },
    } as const;
    const content = renderGitignore(open, OPTIONS).content;
    expect(content).toContain(
      "# No 02-secrets.yaml holds a secret value: the workload certificates' private keys",
    );
    expect(content).not.toMatch(/HOPR|placeholder|--credentials/);
    expect(renderGitignore(open, { ...OPTIONS, imagePullSecret: pullSecret }).content).toContain(
      "*/02-secrets.yaml",
    );
  });

  it("leaves lane7's own record directory to the repository", () => {
    const options = { ...OPTIONS, credentials, imagePullSecret: pullSecret };
    expect(renderGitignore(model, options).content).not.toMatch(/^\/?\.lane7\/?$/m);
  });
});

describe(".gitignore of a bundle composed with credentials, as git reads it", () => {
  const repo = mkdtempSync(join(tmpdir(), "lane7-gitignore-"));
  const git = (args: string[]) =>
    spawnSync("git", ["-C", repo, ...args], {
      encoding: "utf8",
      // The user's own git configuration (a global excludes file) must not decide the outcome.
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    });

  /** Which of `paths` (relative to the repository) git ignores. */
  function ignored(paths: string[]): string[] {
    const result = git(["check-ignore", "--", ...paths]);
    expect(result.status, result.stderr).not.toBe(128);
    return result.stdout.split("\n").filter(Boolean);
  }

  it("ignores every 02-secrets.yaml and private keys, and none of the manifests, scripts or docs", async () => {
    expect(git(["init", "--quiet"]).status).toBe(0);
    const credentialsFile = join(repo, "credentials.yaml");
    writeFileSync(credentialsFile, JSON.stringify({ ...credentials, imagePullSecret: pullSecret }));
    const composed = await runInProcess(
      [
        "compose",
        join(ROOT, "examples/agentic-ai.yaml"),
        "--credentials",
        credentialsFile,
        "-o",
        "agentic-ai",
      ],
      repo,
    );
    expect(composed.code, composed.stderr).toBe(0);
    const inBundle = (path: string): string => `agentic-ai/${path}`;
    const secrets = model.pods.map((pod) => inBundle(`${pod.id}/02-secrets.yaml`));
    const kept = [
      ...model.pods.flatMap((pod) =>
        ["01-namespace.yaml", "03-deployment.yaml", "app/app.py"].map((file) =>
          inBundle(`${pod.id}/${file}`),
        ),
      ),
      ...[".gitignore", "README.md", "blueprint.yaml", "deploy.sh", "pinhole-setup.sh"].map(inBundle),
    ];
    const keys = ["pinhole-tls/ca.crt", "tls.key", "ai-gateway/client.pem", ".lane7-tmp-x-1-ab"].map(
      inBundle,
    );
    expect(ignored([...secrets, ...kept, ...keys]).sort()).toEqual([...secrets, ...keys].sort());
  });
});
