import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlueprintModel } from "../../../src/model/model.js";
import { CERTIFICATE_AUTHORITY_FILE } from "../../../src/render/conventions.js";
import { renderScripts } from "../../../src/render/scripts/scripts.js";
import { shellQuote } from "../../../src/render/text/quote.js";
import { OPTIONS } from "../../support/models.js";

/**
 * A bundle directory holding the rendered scripts and stand-in pod manifests (their content is the
 * manifest renderers' business; here only 02-secrets.yaml's placeholders matter). It is named after the
 * network, alone in a new directory: pinhole-setup.sh writes beside it by default.
 */
export function writeBundle(model: BlueprintModel, options: { placeholders: boolean }): string {
  const dir = join(mkdtempSync(join(tmpdir(), "lane7-scripts-")), model.name);
  mkdirSync(dir);
  for (const file of renderScripts(model, OPTIONS)) {
    writeFileSync(join(dir, file.path), file.content, { mode: file.mode });
  }
  if (model.security.profile === "open-mtls") {
    writeFileSync(join(dir, CERTIFICATE_AUTHORITY_FILE), "# the network's certificate authority\n");
  }
  for (const pod of model.pods) {
    mkdirSync(join(dir, pod.id));
    writeFileSync(join(dir, pod.id, "01-namespace.yaml"), `# namespace ${pod.namespace}\n`);
    const key = options.placeholders ? "REPLACE_ME_HOPR_KEY" : "a-real-key";
    writeFileSync(join(dir, pod.id, "02-secrets.yaml"), `stringData:\n  HOPR_KEY: ${key}\n`);
    writeFileSync(join(dir, pod.id, "03-deployment.yaml"), `# deployment ${pod.id}\n`);
  }
  return dir;
}

/**
 * A directory with a fake `kubectl` that appends each invocation's arguments (one line, space-separated)
 * to `log`. It knows the context `fake-ctx`; `get secret` finds nothing when FAKE_NO_SECRETS=1,
 * `get customresourcedefinition` (cert-manager's) nothing when FAKE_NO_CRDS=1, `get namespace` nothing
 * when FAKE_NO_NAMESPACE=1. `auth can-i` says yes, no when FAKE_CANNOT=1, and fails without an answer
 * when FAKE_CANNOT_ASK=1. A labelled `get KIND --all-namespaces` prints the lines of FAKE_LABELLED_<KIND>
 * (`namespace/name`, or `/name`), KIND the resource's first word in capitals (CERTIFICATES, CLUSTERISSUERS,
 * SECRETS).
 */
function fakeKubectl(): { bin: string; log: string } {
  const bin = mkdtempSync(join(tmpdir(), "lane7-kubectl-"));
  const log = join(bin, "calls.log");
  writeFileSync(
    join(bin, "kubectl"),
    `#!/usr/bin/env bash
printf '%s\\n' "$*" >>'${log}'
case "$*" in
  "config current-context") echo fake-ctx ;;
  "config get-contexts fake-ctx") ;;
  "config get-contexts "*) exit 1 ;;
  *" auth can-i "*)
    if [[ \${FAKE_CANNOT:-} == 1 ]]; then echo no; exit 1; fi
    if [[ \${FAKE_CANNOT_ASK:-} == 1 ]]; then echo "error: the server is unreachable" >&2; exit 1; fi
    echo yes ;;
  *" get "*" --all-namespaces --selector "*)
    kind="$*"
    kind=\${kind#* get }
    kind=\${kind%%[. ]*}
    var=FAKE_LABELLED_\${kind^^}
    [[ -z \${!var:-} ]] || printf '%s\\n' \${!var} ;;
  *" get secret "*) [[ \${FAKE_NO_SECRETS:-} == 1 ]] || echo secret/found ;;
  *" get customresourcedefinition "*) [[ \${FAKE_NO_CRDS:-} == 1 ]] || echo crd/found ;;
  *" get namespace "*) [[ \${FAKE_NO_NAMESPACE:-} == 1 ]] || echo namespace/found ;;
  *" create secret "*) echo "kind: Secret" ;;
  *" apply -f -") cat >/dev/null ;;
esac
`,
  );
  chmodSync(join(bin, "kubectl"), 0o755);
  return { bin, log };
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Every kubectl invocation but `config` look-ups, in order, without the `--context fake-ctx` they start with. */
  calls: string[];
  /** Every kubectl invocation, verbatim. */
  log: string[];
  /** The directory the script was started from (not the bundle). */
  cwd: string;
}

/**
 * Runs a bundle script the way a user would, from another directory, with the fake kubectl first on PATH.
 * With `terminal`, the script runs on a pseudo-terminal (util-linux `script`) that types that input.
 */
export function run(
  bundle: string,
  scriptName: string,
  args: string[],
  options: { env?: Record<string, string>; terminal?: string } = {},
): Run {
  const kubectl = fakeKubectl();
  const cwd = mkdtempSync(join(tmpdir(), "lane7-cwd-"));
  const command = ["bash", join(bundle, scriptName), ...args];
  const [file, argv] =
    options.terminal === undefined
      ? ["bash", command.slice(1)]
      : ["script", ["-q", "-e", "-c", command.map(shellQuote).join(" "), "/dev/null"]];
  const result = spawnSync(file, argv, {
    cwd,
    encoding: "utf8",
    input: options.terminal ?? "",
    env: { ...process.env, PATH: `${kubectl.bin}:${process.env.PATH ?? ""}`, ...options.env },
  });
  const log = existsSync(kubectl.log) ? readFileSync(kubectl.log, "utf8").split("\n").filter(Boolean) : [];
  const calls = log
    .filter((line) => !line.startsWith("config "))
    .map((line) => line.replace(/^--context fake-ctx /, ""));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls, log, cwd };
}
