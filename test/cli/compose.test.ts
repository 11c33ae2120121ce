import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/io.js";
import { readTree, readZip } from "../support/bundle.js";
import { ROOT, runInProcess } from "../support/cli.js";
import { asOpenMtls } from "../support/findings.js";
import { scratchDir } from "../write/fixtures.js";

const BI_POD = join(ROOT, "examples/bi-pod.yaml");
const AGENTIC = join(ROOT, "examples/agentic-ai.yaml");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  cwd: string;
}

/** Runs `lane7 compose …` in-process in a fresh working directory. */
async function compose(args: string[], env: Record<string, string> = {}, cwd = scratchDir()): Promise<Run> {
  return { ...(await runInProcess(["compose", ...args], cwd, env)), cwd };
}

function file(dir: string, name: string, content: string): string {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}

describe("lane7 compose: outputs", () => {
  it("writes ./<name> by default, stdout empty, placeholder warnings and a summary on stderr", async () => {
    const run = await compose([BI_POD]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    const tree = readTree(join(run.cwd, "bi-pod"));
    const count = Object.keys(tree).length;
    expect(run.stderr.match(/warning/g)).toHaveLength(2);
    expect(run.stderr).toContain("warning: the app images are the placeholder registry.example.com/");
    expect(run.stderr).toMatch(
      /placeholders.*--credentials FILE.*HOPR_LICENSE, HOPR_API_TOKEN and HOPR_KEY_<POD_ID> \(e\.g\. HOPR_KEY_POD_1\)/,
    );
    expect(run.stderr).toContain(`wrote bi-pod/ (2 pods, ${count} files)\n`);
    expect(readdirSync(run.cwd)).toEqual(["bi-pod"]);
  });

  it("with only --zip writes just the zip, entries under <name>/", async () => {
    const run = await compose([BI_POD, "--zip", "out/net.zip"]);
    expect(run.code).toBe(0);
    expect(readdirSync(run.cwd)).toEqual(["out"]);
    expect(readdirSync(join(run.cwd, "out"))).toEqual(["net.zip"]);
    expect(readZip(join(run.cwd, "out/net.zip")).every((entry) => entry.name.startsWith("bi-pod/"))).toBe(
      true,
    );
    expect(run.stderr).toMatch(/wrote out\/net\.zip \(2 pods, \d+ files\)\n$/);
  });

  it("with -o and --zip writes the same files, with the same modes, to both", async () => {
    const run = await compose([AGENTIC, "-o", "dir/agentic", "--zip", "agentic.zip"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/wrote dir\/agentic\/ and agentic\.zip \(6 pods, \d+ files\)\n$/);
    const fromZip = Object.fromEntries(
      readZip(join(run.cwd, "agentic.zip"))
        .filter((entry) => !entry.directory)
        .map((entry) => [
          entry.name.slice("agentic-ai/".length),
          { content: entry.content, mode: entry.mode },
        ]),
    );
    expect(fromZip).toEqual(readTree(join(run.cwd, "dir/agentic")));
  });
});

describe("lane7 compose: refusals", () => {
  it("prints the findings of an invalid network, writes nothing and exits 1", async () => {
    const cwd = scratchDir();
    file(cwd, "bad.yaml", readFileSync(BI_POD, "utf8").replace("role: relay", "role: relya"));
    const run = await compose(["bad.yaml", "-o", "out", "--zip", "out.zip"], {}, cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^bad\.yaml:14:13: error\[schema\]/);
    expect(run.stderr).toContain("nothing was written");
    expect(readdirSync(cwd)).toEqual(["bad.yaml"]);
  });

  it("exits 2 for a network file that cannot be read", async () => {
    const run = await compose([join(scratchDir(), "missing.yaml")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^lane7: .*missing\.yaml: no such file\n$/);
  });

  it("never replaces a directory that is not a lane7 bundle, even with --force (exit 2)", async () => {
    const cwd = scratchDir();
    mkdirSync(join(cwd, "bi-pod"));
    file(join(cwd, "bi-pod"), "notes.txt", "mine\n");
    const run = await compose([BI_POD, "--force"], {}, cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/lane7: .*bi-pod exists and is not a lane7 bundle/);
    expect(readdirSync(join(cwd, "bi-pod"))).toEqual(["notes.txt"]);
    expect(readdirSync(cwd)).toEqual(["bi-pod"]);
  });

  it("recomposes an existing bundle only with --force, keeping the user's files, dropping stale generated ones", async () => {
    const first = await compose([AGENTIC, "-o", "out"]);
    file(join(first.cwd, "out"), "mine.txt", "mine\n");
    const refused = await compose([AGENTIC, "-o", "out"], {}, first.cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass --force to recompose it");
    const withoutSink = readFileSync(AGENTIC, "utf8")
      .replace(/ {4}- id: ai-results-sink\n(?: {6}.*\n)+/, "")
      .replace("    - from: nlp-processor\n      to: ai-results-sink\n", "");
    const fewer = file(first.cwd, "net.yaml", withoutSink);
    expect(withoutSink).not.toContain("ai-results-sink");
    const forced = await compose([fewer, "-o", "out", "--force"], {}, first.cwd);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(first.cwd, "out/mine.txt"), "utf8")).toBe("mine\n");
    expect(existsSync(join(first.cwd, "out/ai-results-sink"))).toBe(false);
    expect(readdirSync(first.cwd).sort()).toEqual(["net.yaml", "out"]);
  });

  it("checks every target before writing: a refused zip leaves no new directory", async () => {
    const cwd = scratchDir();
    file(cwd, "taken.zip", "not a zip");
    const run = await compose([BI_POD, "-o", "out", "--zip", "taken.zip", "--force"], {}, cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not a zip file");
    expect(readdirSync(cwd)).toEqual(["taken.zip"]);
  });

  it("removes a stray scratch directory of an earlier killed run", async () => {
    const cwd = scratchDir();
    mkdirSync(join(cwd, ".lane7-tmp-bi-pod-999999999-deadbeef", "pod-1"), { recursive: true });
    const run = await compose([BI_POD], {}, cwd);
    expect(run.code).toBe(0);
    expect(readdirSync(cwd)).toEqual(["bi-pod"]);
  });
});

const PLANTED = {
  license: "PLANTED-LICENSE-7f3a",
  apiToken: "PLANTED-TOKEN-91bc",
  gateway: "PLANTED-KEY-GATEWAY-0001",
  sink: "PLANTED-KEY-SINK-0002",
  registry: "PLANTED-REGISTRY-AUTH-5e11",
};

describe("lane7 compose: credentials", () => {
  it("puts credential values only into the 0600 secrets files, in the directory and the zip, never on the terminal", async () => {
    const cwd = scratchDir();
    const credentials = file(
      cwd,
      "creds.yaml",
      `license: ${PLANTED.license}\napiToken: ${PLANTED.apiToken}\nkeys:\n  ai-gateway: ${PLANTED.gateway}\n` +
        `imagePullSecret:\n  name: regcred\n  dockerConfigJson: '{"auths": {"r.example": {"auth": "${PLANTED.registry}"}}}'\n`,
    );
    const env = {
      HOPR_KEY_AI_RESULTS_SINK: PLANTED.sink,
      HOPR_KEY_AI_ORCHESTRATOR: "PLANTED-KEY-ORCH",
      HOPR_KEY_LLM_GATEWAY: "PLANTED-KEY-LLM",
      HOPR_KEY_TOOL_EXECUTOR: "PLANTED-KEY-TOOL",
      HOPR_KEY_NLP_PROCESSOR: "PLANTED-KEY-NLP",
    };
    const run = await compose(
      [AGENTIC, "-o", "out", "--zip", "out.zip", "--credentials", credentials],
      env,
      cwd,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("placeholders for");
    expect(`${run.stdout}${run.stderr}`).not.toContain("PLANTED");

    const tree = readTree(join(cwd, "out"));
    const zipped = readZip(join(cwd, "out.zip")).filter((entry) => !entry.directory);
    const files = [
      ...Object.entries(tree).map(([path, { content, mode }]) => ({ path, content, mode })),
      ...zipped.map((entry) => ({
        path: entry.name.slice("agentic-ai/".length),
        content: entry.content,
        mode: entry.mode,
      })),
    ];
    for (const { path, content, mode } of files) {
      if (path.endsWith("/02-secrets.yaml")) {
        expect(mode, path).toBe(0o600);
        expect(content).toContain(PLANTED.license);
        expect(content).toContain(PLANTED.apiToken);
        expect(content).toContain(PLANTED.registry);
      } else {
        expect(content, path).not.toContain("PLANTED");
        expect(mode, path).not.toBe(0o600);
      }
    }
    expect(tree["ai-gateway/02-secrets.yaml"]?.content).toContain(PLANTED.gateway);
    expect(tree["ai-results-sink/02-secrets.yaml"]?.content).toContain(PLANTED.sink);
    expect(tree["ai-gateway/02-secrets.yaml"]?.content).not.toContain(PLANTED.sink);
    expect(tree["ai-gateway/03-deployment.yaml"]?.content).toMatch(/imagePullSecrets:\n\s+- name: regcred\n/);
  });

  it("writes a zip holding a real credential with mode 0600 (whatever the umask) and says so", async () => {
    const cwd = scratchDir();
    const previous = process.umask(0o022);
    let withKey: Run, withoutKey: Run;
    try {
      withKey = await compose([BI_POD, "--zip", "secret.zip"], { HOPR_KEY_POD_2: "PLANTED-KEY" }, cwd);
      withoutKey = await compose([BI_POD, "--zip", "plain.zip"], {}, cwd);
    } finally {
      process.umask(previous);
    }
    expect(withKey.code).toBe(0);
    expect(statSync(join(cwd, "secret.zip")).mode & 0o777).toBe(0o600);
    expect(withKey.stderr).toMatch(
      /wrote secret\.zip \(2 pods, \d+ files; secret\.zip holds credentials: mode 0600\)\n$/,
    );
    expect(statSync(join(cwd, "plain.zip")).mode & 0o777).toBe(0o644);
    expect(withoutKey.stderr).toMatch(/wrote plain\.zip \(2 pods, \d+ files\)\n$/);
  });

  it("lets the --credentials file win over the environment and warns about the keys still missing", async () => {
    const cwd = scratchDir();
    const credentials = file(cwd, "creds.yaml", `license: FROM-FILE\n`);
    const env = {
      HOPR_LICENSE: "FROM-ENV",
      HOPR_API_TOKEN: "TOKEN-FROM-ENV",
      HOPR_KEY_POD_1: "KEY-FROM-ENV",
    };
    const run = await compose([BI_POD, "--credentials", credentials], env, cwd);
    expect(run.code).toBe(0);
    const secrets = (pod: string): string =>
      readFileSync(join(cwd, "bi-pod", pod, "02-secrets.yaml"), "utf8");
    expect(secrets("pod-1")).toContain("HOPR_LICENSE: FROM-FILE\n");
    expect(secrets("pod-1")).toContain("TOKEN-FROM-ENV");
    expect(secrets("pod-1")).toContain("KEY-FROM-ENV");
    expect(secrets("pod-2")).toContain("REPLACE_ME_HOPR_KEY");
    expect(run.stderr.match(/warning: 02-secrets/g)).toHaveLength(1);
    expect(run.stderr).toContain("placeholders for HOPR_KEY of pod-2;");
    expect(run.stderr).not.toMatch(/FROM-|KEY-FROM/);
  });

  it("rejects unknown keys and keys for pods the network does not have, with positions and without values", async () => {
    const cwd = scratchDir();
    file(cwd, "typo.yaml", `licence: SECRET-VALUE-1\n`);
    const run = await compose([BI_POD, "--credentials", "typo.yaml"], {}, cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`lane7: typo.yaml:1:1: unknown key in the file (did you mean \`license\`?)`);
    expect(run.stderr).toContain("--credentials expects a YAML file like this:");

    const stranger = file(cwd, "stranger.yaml", `keys:\n  pod-1: SECRET-VALUE-2\n  pod-9: SECRET-VALUE-3\n`);
    const second = await compose([BI_POD, "--credentials", stranger], {}, cwd);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`${stranger}:3:3: a key under \`keys\` names no pod of the network`);

    const wrongType = file(cwd, "type.yaml", `license: 12345\napiToken: " padded "\n`);
    const third = await compose([BI_POD, "--credentials", wrongType], {}, cwd);
    expect(third.code).toBe(2);
    expect(third.stderr).toContain(`${wrongType}:1:10: \`license\` must be a string`);
    expect(third.stderr).toContain(`${wrongType}:2:11: \`apiToken\` must not start or end with whitespace`);
    for (const output of [run.stderr, second.stderr, third.stderr])
      expect(output).not.toMatch(/SECRET-VALUE|12345|padded/);
    expect(readdirSync(cwd).sort()).toEqual(["stranger.yaml", "type.yaml", "typo.yaml"]);
  });

  it.each([
    ["an unresolved alias", "license: *Zq9VALUE\n", "1:10"],
    ["an unknown tag", "license: !Zq9VALUE abc\n", "1:10"],
    ["an unknown directive", "%Zq9VALUE x\n---\nlicense: abc\n", "1:1"],
    ["an unsupported YAML version", "%YAML 9.Zq9VALUE\n---\nlicense: abc\n", "1:7"],
    ["a complex key", "? [Zq9VALUE, b]\n: x\n", "1:3"],
    ["an unknown key", "Zq9VALUE: x\n", "1:1"],
    ["an unknown key under keys", "keys:\n  Zq9VALUE: x\n", "2:3"],
    ["a duplicate key", "license: a\nZq9VALUE: b\nZq9VALUE: c\n", "3:1"],
    ["an empty value under keys", "keys:\n  Zq9VALUE: ''\n", "2:13"],
  ])(
    "reports %s in the credentials file by position and kind, quoting nothing of it",
    async (_, text, at) => {
      const cwd = scratchDir();
      const credentials = file(cwd, "creds.yaml", text);
      const run = await compose([BI_POD, "--credentials", credentials], {}, cwd);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${credentials}:${at}: `);
      expect(run.stderr).not.toContain("Zq9");
      expect(run.stderr).not.toContain("Warning");
    },
  );
});

describe("lane7 compose: the open-mtls profile", () => {
  const openBiPod = (cwd: string) => file(cwd, "bi-pod.yaml", asOpenMtls(readFileSync(BI_POD, "utf8")));

  it("asks for no Hopr credentials and says the cluster needs cert-manager", async () => {
    const cwd = scratchDir();
    const run = await compose([openBiPod(cwd)], {}, cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/HOPR|credentials/);
    expect(run.stderr.match(/warning/g)).toHaveLength(1);
    expect(run.stderr).toContain("warning: the app images are the placeholder");
    expect(run.stderr).toContain(
      "lane7: the open-mtls profile needs cert-manager in the cluster (its workload certificates come from it): " +
        "deploy.sh checks for it, then applies certificate-authority.yaml before any pod\n",
    );
  });

  it("writes no Hopr credential given to it, and says it does not use them", async () => {
    const cwd = scratchDir();
    const credentials = file(cwd, "creds.yaml", `license: LICENSE-FROM-FILE\n`);
    const env = { HOPR_API_TOKEN: "TOKEN-FROM-ENV", HOPR_KEY_POD_1: "KEY-FROM-ENV" };
    const args = [openBiPod(cwd), "--credentials", credentials, "-o", "bi-pod", "--zip", "bi-pod.zip"];
    const run = await compose(args, env, cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "warning: Hopr credentials were given (--credentials or the HOPR_* variables), but the open-mtls profile uses none",
    );
    expect(run.stderr).not.toContain("holds credentials");
    const bundle = JSON.stringify(readTree(join(cwd, "bi-pod")));
    expect(bundle).not.toMatch(/LICENSE-FROM-FILE|TOKEN-FROM-ENV|KEY-FROM-ENV/);
    expect(statSync(join(cwd, "bi-pod.zip")).mode & 0o777).toBe(0o644);
  });
});

describe("lane7 compose: images", () => {
  it("uses the images of the --images file in every deployment", async () => {
    const cwd = scratchDir();
    const images = file(
      cwd,
      "images.yaml",
      "app: ghcr.io/acme/{network}-{pod}:2.0\nwosp: ghcr.io/acme/wosp:9\n",
    );
    const run = await compose([BI_POD, "--images", images], {}, cwd);
    expect(run.code).toBe(0);
    const deployment = readFileSync(join(cwd, "bi-pod/pod-2/03-deployment.yaml"), "utf8");
    expect(deployment).toContain("ghcr.io/acme/bi-pod-pod-2:2.0");
    expect(deployment).toContain("ghcr.io/acme/wosp:9");
    expect(deployment).toContain("registry.hopr.co/wosp/web-retriever:1.0.0");
  });

  it("warns while the app images are the placeholder default, and not once --images names them", async () => {
    const cwd = scratchDir();
    const env = { HOPR_LICENSE: "l", HOPR_API_TOKEN: "t", HOPR_KEY_POD_1: "1", HOPR_KEY_POD_2: "2" };
    const defaults = await compose([BI_POD], env, cwd);
    expect(defaults.stderr).toContain(
      "lane7: warning: the app images are the placeholder registry.example.com/{network}/{pod}:0.1.0; " +
        "build each <pod>/app/ into your registry and compose again with --images FILE",
    );
    const images = file(cwd, "images.yaml", "app: ghcr.io/acme/{network}-{pod}:2.0\n");
    const named = await compose([BI_POD, "-o", "named", "--images", images], env, cwd);
    expect(named.code).toBe(0);
    expect(named.stderr).not.toContain("warning");
  });

  it("rejects a malformed images file with the position and an example (exit 2)", async () => {
    const cwd = scratchDir();
    const images = file(cwd, "images.yaml", "app: ok/app:1\nwosp: 'not an image'\n");
    const run = await compose([BI_POD, "--images", images], {}, cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${images}:2:7: \`wosp\` is not an image reference`);
    expect(run.stderr).toContain("--images expects a YAML file like this:");
    expect(readdirSync(cwd)).toEqual(["images.yaml"]);
  });
});

describe("lane7 compose: progress", () => {
  const network = (pods: number): string => {
    const ids = Array.from({ length: pods }, (_, i) => `p${i}`);
    const podLines = ids.map((id, i) => `    - { id: ${id}, role: ${i === 0 ? "initiator" : "terminator"} }`);
    const edgeLines = ids.slice(1).map((id) => `    - { from: p0, to: ${id} }`);
    return `apiVersion: lane7/v1\nkind: Network\nmetadata:\n  name: wide\nspec:\n  pods:\n${podLines.join("\n")}\n  edges:\n${edgeLines.join("\n")}\n`;
  };

  it.each([
    [51, true, true],
    [51, false, false],
    [50, true, false],
  ])("with %i pods and a terminal %s, shows progress: %s", async (pods, tty, shown) => {
    const cwd = scratchDir();
    let stderr = "";
    const io: Io = {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t), isTTY: tty },
      env: {},
      cwd,
    };
    expect(await main(["compose", file(cwd, "wide.yaml", network(pods))], io)).toBe(0);
    expect(stderr.includes(`composing ${pods} pods…`)).toBe(shown);
    const shownPods = [...stderr.matchAll(/\rwriting (\d+)\/(\d+) pods \((\d+)%\)/g)];
    expect(shownPods.length > 1).toBe(shown);
    expect(stderr.includes(`\rwriting ${pods}/${pods} pods (100%)\n`)).toBe(shown);
    const counts = shownPods.map((match) => Number(match[1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(shownPods.every((match) => match[2] === String(pods))).toBe(true);
    expect(stderr).toMatch(new RegExp(`wrote wide/ \\(${pods} pods, \\d+ files\\)\\n$`));
  });
});
