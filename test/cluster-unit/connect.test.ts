import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { confirmTarget, connect, connectWith, type ClusterTarget } from "../../src/cluster/connect.js";
import { UserError } from "../../src/exit-codes.js";
import type { Input, Io } from "../../src/io.js";

interface Entry {
  context: string;
  cluster: string;
  user: string;
  server: string;
}

function kubeconfig(entries: Entry[], current?: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: entries.map((entry) => ({ name: entry.cluster, cluster: { server: entry.server } })),
    users: entries.map((entry) => ({ name: entry.user, user: { token: "t" } })),
    contexts: entries.map((entry) => ({
      name: entry.context,
      context: { cluster: entry.cluster, user: entry.user },
    })),
    ...(current === undefined ? {} : { "current-context": current }),
  });
}

const A: Entry = { context: "a", cluster: "ca", user: "ua", server: "https://a.example:6443" };
const B: Entry = { context: "b", cluster: "cb", user: "ub", server: "https://b.example:6443" };

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "lane7-connect-"));
}

function write(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function ioWith(env: Record<string, string>, cwd: string, stdin?: Input): Io & { err: () => string } {
  let stderr = "";
  return {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd,
    stdin,
    err: () => stderr,
  };
}

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe("connect: where the configuration comes from", () => {
  it("--kubeconfig, relative to the working directory, wins over KUBECONFIG and HOME", async () => {
    const dir = scratch();
    write(dir, "mine", kubeconfig([A], "a"));
    const other = write(dir, "other", kubeconfig([B], "b"));
    const cluster = await connect({ kubeconfig: "mine" }, ioWith({ KUBECONFIG: other, HOME: dir }, dir));
    expect(cluster.target).toEqual({ context: "a", server: A.server, user: "ua" });
    expect(cluster.config.getCurrentCluster()?.server).toBe(A.server);
  });

  it("KUBECONFIG merges as kubectl: the first file wins per name and for the current context; missing files are skipped", async () => {
    const dir = scratch();
    const shadowed: Entry = { ...A, server: "https://shadowed.example" };
    const first = write(dir, "first", kubeconfig([A], "a"));
    const second = write(dir, "second", kubeconfig([shadowed, B], "b"));
    const io = ioWith({ KUBECONFIG: `${join(dir, "missing")}:${first}::${second}` }, dir);
    const current = await connect({}, io);
    expect(current.target).toEqual({ context: "a", server: A.server, user: "ua" });
    const other = await connect({ context: "b" }, io);
    expect(other.target).toEqual({ context: "b", server: B.server, user: "ub" });
    expect(other.config.getContexts().map((context) => context.name)).toEqual(["a", "b"]);
  });

  it("a later file's current context counts when the earlier files set none", async () => {
    const dir = scratch();
    const first = write(dir, "first", kubeconfig([A]));
    const second = write(dir, "second", kubeconfig([B], "b"));
    const cluster = await connect({}, ioWith({ KUBECONFIG: `${first}:${second}` }, dir));
    expect(cluster.target.context).toBe("b");
  });

  it("~/.kube/config of io.env's HOME when KUBECONFIG is not set", async () => {
    const home = scratch();
    mkdirSync(join(home, ".kube"));
    write(join(home, ".kube"), "config", kubeconfig([B], "b"));
    const cluster = await connect({}, ioWith({ HOME: home }, "/"));
    expect(cluster.target.server).toBe(B.server);
  });

  it("in-cluster: KUBERNETES_SERVICE_HOST and the service account's token", async () => {
    const accountDir = scratch();
    write(accountDir, "token", "service-account-token");
    write(accountDir, "ca.crt", "");
    const io = ioWith({ KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" }, "/");
    const cluster = await connectWith({}, io, accountDir);
    expect(cluster.target.server).toBe("https://10.0.0.1:443");
    expect(cluster.config.getCurrentUser()?.authProvider).toEqual({
      name: "tokenFile",
      config: { tokenFile: join(accountDir, "token") },
    });
  });

  it("no configuration anywhere: the error says where it looked", async () => {
    const dir = scratch();
    const io = ioWith({ HOME: dir }, dir);
    const error = await failure(connectWith({}, io, join(dir, "no-account")));
    expect(error.message).toContain(join(dir, ".kube", "config"));
    expect(error.message).toContain("KUBERNETES_SERVICE_HOST");
    expect(error.message).toContain("--kubeconfig");
    const listed = await failure(connectWith({}, ioWith({ KUBECONFIG: join(dir, "gone") }, dir), dir));
    expect(listed.message).toContain(`KUBECONFIG (${join(dir, "gone")})`);
  });
});

describe("connect: refusals", () => {
  it("an unknown --context names the contexts there are", async () => {
    const dir = scratch();
    const file = write(dir, "config", kubeconfig([A, B], "a"));
    const error = await failure(connect({ kubeconfig: file, context: "prod" }, ioWith({}, dir)));
    expect(error.message).toBe("no context named prod: the kubeconfig has a, b");
  });

  it("no current context and no --context", async () => {
    const dir = scratch();
    const file = write(dir, "config", kubeconfig([A]));
    const error = await failure(connect({ kubeconfig: file }, ioWith({}, dir)));
    expect(error.message).toContain("sets no current context");
    expect(error.message).toContain("--context");
  });

  it("a missing --kubeconfig file, and one that is not a kubeconfig", async () => {
    const dir = scratch();
    const missing = await failure(connect({ kubeconfig: "nope" }, ioWith({}, dir)));
    expect(missing.message).toBe(`kubeconfig ${join(dir, "nope")}: no such file`);
    const broken = write(dir, "broken", "clusters:\n  - name: x\n");
    const error = await failure(connect({ kubeconfig: broken }, ioWith({}, dir)));
    expect(error.message).toMatch(new RegExp(`^kubeconfig ${broken}: .+`));
    expect(error.message).not.toContain("\n");
  });
});

describe("confirmTarget", () => {
  const target: ClusterTarget = { context: "prod", server: "https://k8s.example", user: "admin" };
  const terminal = (answer: string | null): Input => {
    const input = new PassThrough() as PassThrough & { isTTY?: boolean };
    input.isTTY = true;
    if (answer === null) input.end();
    else input.write(answer);
    return input;
  };

  it("names the target; without a terminal it does not ask", async () => {
    const io = ioWith({}, "/");
    expect(await confirmTarget(target, "Deploy?", false, io)).toBe(true);
    expect(io.err()).toBe("context prod, server https://k8s.example, user admin\n");
  });

  it.each([
    ["y\n", true],
    ["yes\n", true],
    ["n\n", false],
    ["\n", false],
    [null, false],
  ])("on a terminal, answer %j → %s", async (answer, expected) => {
    const io = ioWith({}, "/", terminal(answer));
    expect(await confirmTarget(target, "Deploy?", false, io)).toBe(expected);
    expect(io.err()).toContain("Deploy? [y/N] ");
  });

  it("--yes does not ask", async () => {
    const io = ioWith({}, "/", terminal(null));
    expect(await confirmTarget(target, "Deploy?", true, io)).toBe(true);
    expect(io.err()).not.toContain("[y/N]");
  });
});
