import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import { renderWorkload, type Deployment } from "../../../src/render/k8s/index.js";
import { APP_CONTROL_PORT } from "../../../src/spec/constants.js";
import { ENVOY_YAML } from "./fixtures.js";
import { exampleModels } from "../../support/models.js";

const run = promisify(execFile);
const [, MODEL] = exampleModels().find(([file]) => file === "quad-pod.yaml") ?? [];
if (!MODEL) throw new Error("quad-pod.yaml is a catalog example");
const model = MODEL;

/** The app's probe command, pointed at `port` instead of its control port (which this host may not have free). */
function probeCommand(podId: string, port: number): string[] {
  const pod = model.pods.find((candidate) => candidate.id === podId);
  if (!pod) throw new Error(`no pod ${podId}`);
  const objects = renderWorkload(model, pod, defaultRenderOptions("0.0.0-test"), ENVOY_YAML);
  const deployment = objects.find((object): object is Deployment => object.kind === "Deployment");
  const app = deployment?.spec?.template.spec?.containers[0];
  const command = app?.readinessProbe?.exec?.command ?? [];
  expect(app?.livenessProbe?.exec?.command).toEqual(command);
  const script = command[2] ?? "";
  const moved = script.replace(`, ${APP_CONTROL_PORT}, `, `, ${port}, `);
  expect(moved, "the probe targets the control port").not.toBe(script);
  return [...command.slice(0, 2), moved];
}

async function exitCode(command: string[]): Promise<number> {
  const [file, ...args] = command;
  try {
    await run(file ?? "", args, { timeout: 10_000 });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

function close(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => {
      done();
    });
  });
}

describe("the app's exec probe", () => {
  let status = 200;
  const paths: string[] = [];
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? "");
      response.writeHead(status).end();
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => close(server));

  test.each(["ingest", "grpc-worker"])(
    "of %s passes on 200 from /healthz and fails otherwise",
    async (podId) => {
      status = 200;
      expect(await exitCode(probeCommand(podId, port))).toBe(0);
      expect(paths.at(-1)).toBe("/healthz");
      status = 503;
      expect(await exitCode(probeCommand(podId, port))).toBe(1);
    },
  );

  test("fails when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const free = (closed.address() as AddressInfo).port;
    await close(closed);
    expect(await exitCode(probeCommand("ingest", free))).toBe(1);
  });
});
