import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleModel } from "../../support/models.js";
import { run, writeBundle, type Run } from "./bundle.js";

function openssl(args: string[]): { status: number | null; output: string } {
  const result = spawnSync("openssl", args, { encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** `openssl verify`: does CERT chain to the CA in CA_FILE, for PURPOSE (sslserver | sslclient)? */
function verifies(caFile: string, cert: string, purpose: string): boolean {
  return openssl(["verify", "-CAfile", caFile, "-purpose", purpose, cert]).status === 0;
}

function subjectAltNames(cert: string): string {
  return execFileSync("openssl", ["x509", "-in", cert, "-noout", "-ext", "subjectAltName"], {
    encoding: "utf8",
  });
}

/** Every file under DIR (relative path → content). */
function snapshot(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((path) =>
    statSync(join(dir, path)).isFile(),
  );
  return new Map(files.sort().map((path) => [path, readFileSync(join(dir, path), "utf8")]));
}

describe("pinhole-setup.sh --local-only for agentic-ai (tier 2 gateway and sink)", () => {
  const bundle = writeBundle(exampleModel("agentic-ai"), { placeholders: true });
  const out = join(mkdtempSync(join(tmpdir(), "lane7-tls-")), "tls");
  let first: Run;
  let before: Map<string, string>;

  // The first run's arguments: a DNS name and IP addresses (v4, and v6 as people write it) beyond the
  // Service's own names.
  const firstArgs = [
    "--local-only",
    "--tls-dir",
    out,
    "--san",
    "pinhole.example.com",
    "--san",
    "203.0.113.7",
    "--san",
    "2001:db8::7",
  ];

  beforeAll(() => {
    first = run(bundle, "pinhole-setup.sh", firstArgs);
    before = snapshot(out);
  });

  it("succeeds without calling kubectl", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.log).toEqual([]);
  });

  it("makes a network CA, and per pod a server certificate and key, a client CA and a client certificate", () => {
    expect([...before.keys()]).toEqual(
      [
        ".gitignore",
        "ca.crt",
        "ca.key",
        ...["ai-gateway", "ai-results-sink"].flatMap((pod) =>
          ["client-ca.crt", "client-ca.key", "client.crt", "client.key", "tls.crt", "tls.key"].map(
            (file) => `${pod}/${file}`,
          ),
        ),
      ].sort(),
    );
    expect(before.get(".gitignore")).toContain("\n*\n");
  });

  it("writes everything, private keys above all, readable by its owner only", () => {
    for (const path of before.keys()) expect(statSync(join(out, path)).mode & 0o777, path).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o700);
  });

  it("issues server certificates that chain to the network CA and name the pinhole Service", () => {
    for (const pod of ["ai-gateway", "ai-results-sink"]) {
      const cert = join(out, pod, "tls.crt");
      expect(verifies(join(out, "ca.crt"), cert, "sslserver")).toBe(true);
      const host = `${pod}-pinhole.agentic-ai-${pod}-ns.svc`;
      expect(subjectAltNames(cert)).toContain(
        `DNS:${host}, DNS:${host}.cluster.local, DNS:pinhole.example.com, IP Address:203.0.113.7, IP Address:2001:DB8:0:0:0:0:0:7`,
      );
      const key = openssl(["pkey", "-in", join(out, pod, "tls.key"), "-pubout"]).output;
      expect(openssl(["x509", "-in", cert, "-noout", "-pubkey"]).output).toBe(key);
    }
  });

  it("issues client certificates that chain to their own pod's client CA only", () => {
    const gatewayClient = join(out, "ai-gateway", "client.crt");
    expect(verifies(join(out, "ai-gateway", "client-ca.crt"), gatewayClient, "sslclient")).toBe(true);
    expect(verifies(join(out, "ai-results-sink", "client-ca.crt"), gatewayClient, "sslclient")).toBe(false);
    expect(verifies(join(out, "ca.crt"), gatewayClient, "sslclient")).toBe(false);
    expect(
      verifies(join(out, "ai-gateway", "client-ca.crt"), join(out, "ai-gateway", "tls.crt"), "sslserver"),
    ).toBe(false);
  });

  it("prints how to call each pinhole with curl, with the client certificate for tier 2", () => {
    expect(first.stdout).toContain(
      `curl --cacert ${out}/ca.crt --cert ${out}/ai-gateway/client.crt --key ${out}/ai-gateway/client.key`,
    );
    expect(first.stdout).toContain("https://ai-gateway-pinhole.agentic-ai-ai-gateway-ns.svc:19000/trigger");
    expect(first.stdout).toContain(
      "https://ai-results-sink-pinhole.agentic-ai-ai-results-sink-ns.svc:19001/output",
    );
    // one local port per pinhole, so that both port-forwards can run at once
    expect(first.stdout).toContain("service/ai-results-sink-pinhole 19001:19000\n");
  });

  it("prints curl commands that run as copied, each argument intact", () => {
    const commands = first.stdout.match(/^ {2}curl (?:.*\\\n)*.*$/gm) ?? [];
    expect(commands).toHaveLength(2);
    const args = commands.map((command) =>
      execFileSync("bash", ["-c", `curl() { printf '%s\\n' "$@"; }\n${command}`], { encoding: "utf8" })
        .trimEnd()
        .split("\n"),
    );
    const gateway = "ai-gateway-pinhole.agentic-ai-ai-gateway-ns.svc:19000";
    expect(args[0]).toEqual([
      ...["--cacert", `${out}/ca.crt`, "--cert", `${out}/ai-gateway/client.crt`],
      ...["--key", `${out}/ai-gateway/client.key`, "--resolve", `${gateway}:127.0.0.1`],
      ...["-X", "POST", "-H", "Content-Type: application/json", "-d", '{"data": {"hello": "world"}}'],
      `https://${gateway}/trigger`,
    ]);
    expect(args[1]?.at(-1)).toBe(
      "https://ai-results-sink-pinhole.agentic-ai-ai-results-sink-ns.svc:19001/output",
    );
  });

  it("keeps every certificate on a re-run with the same names, IP addresses among them", () => {
    const again = run(bundle, "pinhole-setup.sh", firstArgs);
    expect(again.status).toBe(0);
    expect(snapshot(out)).toEqual(before);
  });

  it("keeps keys and CA certificates when the names change, and re-issues the leaf certificates from the same keys", () => {
    const again = run(bundle, "pinhole-setup.sh", ["--local-only", "--tls-dir", out]);
    expect(again.status).toBe(0);
    const after = snapshot(out);
    for (const [path, content] of before) {
      if (path.endsWith(".key") || path.endsWith("ca.crt")) expect(after.get(path), path).toBe(content);
    }
    expect(after.get("ai-gateway/tls.crt")).not.toBe(before.get("ai-gateway/tls.crt"));
    expect(verifies(join(out, "ca.crt"), join(out, "ai-gateway", "tls.crt"), "sslserver")).toBe(true);
    expect(subjectAltNames(join(out, "ai-gateway", "tls.crt"))).not.toContain("pinhole.example.com");
  });

  it("replaces every key with --rotate", () => {
    const previous = snapshot(out);
    expect(run(bundle, "pinhole-setup.sh", ["--local-only", "--tls-dir", out, "--rotate"]).status).toBe(0);
    const rotated = snapshot(out);
    for (const [path, content] of previous) {
      if (path.endsWith(".key")) expect(rotated.get(path), path).not.toBe(content);
    }
    expect(verifies(join(out, "ca.crt"), join(out, "ai-results-sink", "tls.crt"), "sslserver")).toBe(true);
  });
});

describe("pinhole-setup.sh against a cluster", () => {
  it("creates the namespace and stores the TLS and client CA secrets with create --dry-run | apply", () => {
    const out = join(mkdtempSync(join(tmpdir(), "lane7-tls-")), "tls");
    const result = run(writeBundle(exampleModel("agentic-ai"), { placeholders: true }), "pinhole-setup.sh", [
      "--tls-dir",
      out,
    ]);
    expect(result.status).toBe(0);
    // The two sides of a pipe log in either order, so compare the gateway's five calls as a set.
    expect(result.calls[0]).toBe("apply -f ai-gateway/01-namespace.yaml");
    expect(result.calls.slice(0, 5).sort()).toEqual(
      [
        "apply -f ai-gateway/01-namespace.yaml",
        `create secret tls ai-gateway-pinhole-tls --namespace agentic-ai-ai-gateway-ns --cert ${out}/ai-gateway/tls.crt --key ${out}/ai-gateway/tls.key --dry-run=client -o yaml`,
        "apply -f -",
        `create secret generic ai-gateway-pinhole-client-ca --namespace agentic-ai-ai-gateway-ns --from-file ca.crt=${out}/ai-gateway/client-ca.crt --dry-run=client -o yaml`,
        "apply -f -",
      ].sort(),
    );
    expect(result.calls).toHaveLength(10);
  });

  it("makes no client material for a tier 1 pinhole", () => {
    const out = join(mkdtempSync(join(tmpdir(), "lane7-tls-")), "tls");
    const result = run(
      writeBundle(exampleModel("tri-pod-fan-out"), { placeholders: true }),
      "pinhole-setup.sh",
      ["--tls-dir", out],
    );
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.startsWith("create secret"))).toHaveLength(1);
    expect(existsSync(join(out, "dispatcher", "tls.crt"))).toBe(true);
    expect(existsSync(join(out, "dispatcher", "client.crt"))).toBe(false);
    expect(result.stdout).not.toContain("--cert ");
  });

  it("refuses a --san that is not a host name or address, before writing anything", () => {
    const out = join(mkdtempSync(join(tmpdir(), "lane7-tls-")), "tls");
    const bundle = writeBundle(exampleModel("agentic-ai"), { placeholders: true });
    const result = run(bundle, "pinhole-setup.sh", [
      "--local-only",
      "--tls-dir",
      out,
      "--san",
      "x,DNS:evil.example",
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("neither a DNS name nor an IP address");
    expect(existsSync(out)).toBe(false);
  });

  it("has nothing to do for a network without pinholes", () => {
    const result = run(writeBundle(exampleModel("bi-pod"), { placeholders: true }), "pinhole-setup.sh", []);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("no pinholes");
    expect(result.log).toEqual([]);
  });
});

describe("where pinhole-setup.sh keeps the TLS material", () => {
  const model = exampleModel("agentic-ai");
  const besideBundle = (bundle: string): string => join(dirname(bundle), "agentic-ai-pinhole-tls");

  it("defaults to <network>-pinhole-tls/ beside the bundle, whatever directory it is started from", () => {
    const bundle = writeBundle(model, { placeholders: true });
    const result = run(bundle, "pinhole-setup.sh", ["--local-only"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const dir = besideBundle(bundle);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const key of ["ca.key", "ai-gateway/tls.key", "ai-gateway/client-ca.key", "ai-gateway/client.key"]) {
      expect(statSync(join(dir, key)).mode & 0o777, key).toBe(0o600);
    }
    expect(readdirSync(bundle)).not.toContain("pinhole-tls");
    expect(readdirSync(result.cwd)).toEqual([]);
    expect(result.stdout).toContain(`TLS material in ${dir}/`);
    expect(result.stdout).toContain(`curl --cacert ${dir}/ca.crt --cert ${dir}/ai-gateway/client.crt`);
  });

  it("takes LANE7_PINHOLE_TLS_DIR, relative to where it is started, and --tls-dir over it", () => {
    const bundle = writeBundle(model, { placeholders: true });
    const fromEnv = run(bundle, "pinhole-setup.sh", ["--local-only"], {
      env: { LANE7_PINHOLE_TLS_DIR: "from-env" },
    });
    expect(fromEnv.status).toBe(0);
    expect(existsSync(join(fromEnv.cwd, "from-env", "ca.key"))).toBe(true);
    const flag = join(mkdtempSync(join(tmpdir(), "lane7-tls-")), "tls");
    const fromFlag = run(bundle, "pinhole-setup.sh", ["--local-only", "--tls-dir", flag], {
      env: { LANE7_PINHOLE_TLS_DIR: "from-env" },
    });
    expect(fromFlag.status).toBe(0);
    expect(existsSync(join(flag, "ca.key"))).toBe(true);
    expect(readdirSync(fromFlag.cwd)).toEqual([]);
    expect(existsSync(besideBundle(bundle))).toBe(false);
  });

  it("still takes --out, the old name of --tls-dir, and says so", () => {
    const out = join(mkdtempSync(join(tmpdir(), "lane7-tls-")), "tls");
    const result = run(writeBundle(model, { placeholders: true }), "pinhole-setup.sh", [
      "--local-only",
      "--out",
      out,
    ]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("pinhole-setup.sh: --out is the old name of --tls-dir; use --tls-dir\n");
    expect(existsSync(join(out, "ca.key"))).toBe(true);
  });

  it("says in --help where the files go and that only --rotate replaces the CAs", () => {
    const help = run(writeBundle(model, { placeholders: true }), "pinhole-setup.sh", ["--help"]).stdout;
    expect(help).toContain("--tls-dir DIR");
    expect(help).toContain("$LANE7_PINHOLE_TLS_DIR");
    expect(help).toContain("../agentic-ai-pinhole-tls/ beside the bundle directory");
    expect(help).toContain("Only --rotate replaces them.");
  });

  it("refuses to make new CAs while an earlier lane7's pinhole-tls/ sits in the bundle, and says how to move it", () => {
    const bundle = writeBundle(model, { placeholders: true });
    const legacy = join(bundle, "pinhole-tls");
    expect(run(bundle, "pinhole-setup.sh", ["--local-only", "--tls-dir", legacy]).status).toBe(0);
    const ca = readFileSync(join(legacy, "ca.crt"), "utf8");
    const clientCa = readFileSync(join(legacy, "ai-gateway", "client-ca.crt"), "utf8");

    const refused = run(bundle, "pinhole-setup.sh", ["--local-only"]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${legacy}/`);
    expect(refused.stderr).toContain("Nothing was changed.");
    expect(existsSync(besideBundle(bundle))).toBe(false);
    expect(refused.stdout).toBe("");

    const move = /^ {2}(mv -- .*)$/m.exec(refused.stderr)?.[1];
    expect(move).toBe(`mv -- ${legacy} ${besideBundle(bundle)}`);
    execFileSync("bash", ["-c", move ?? "false"]);
    expect(run(bundle, "pinhole-setup.sh", ["--local-only"]).status).toBe(0);
    expect(readFileSync(join(besideBundle(bundle), "ca.crt"), "utf8")).toBe(ca);
    expect(readFileSync(join(besideBundle(bundle), "ai-gateway", "client-ca.crt"), "utf8")).toBe(clientCa);
  });

  it("names an empty directory at the new place in the command it prints", () => {
    const bundle = writeBundle(model, { placeholders: true });
    mkdirSync(join(bundle, "pinhole-tls"));
    mkdirSync(besideBundle(bundle));
    const refused = run(bundle, "pinhole-setup.sh", ["--local-only"]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      `  rmdir -- ${besideBundle(bundle)} && mv -- ${join(bundle, "pinhole-tls")} ${besideBundle(bundle)}\n`,
    );
    expect(readdirSync(besideBundle(bundle))).toEqual([]);
  });

  it("leaves an earlier pinhole-tls/ alone once the new place has its CA", () => {
    const bundle = writeBundle(model, { placeholders: true });
    expect(run(bundle, "pinhole-setup.sh", ["--local-only"]).status).toBe(0);
    mkdirSync(join(bundle, "pinhole-tls"));
    expect(run(bundle, "pinhole-setup.sh", ["--local-only"]).status).toBe(0);
  });
});
