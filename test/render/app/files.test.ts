import { describe, expect, it } from "vitest";
import { renderAppFiles } from "../../../src/render/app/index.js";
import { APP_ENV } from "../../../src/render/conventions.js";
import { pythonString } from "../../../src/render/text/quote.js";
import { AIOHTTP_VERSION, GRPCIO_VERSION } from "../../../src/render/app/versions.js";
import { OPTIONS, appFiles, exampleModel, exampleNames, fileContent, podOf } from "./networks.js";

describe("renderAppFiles", () => {
  it.each(exampleNames())(
    "%s: app.py, Dockerfile and requirements.txt under <pod>/app/, plain files",
    (name) => {
      const model = exampleModel(name);
      for (const pod of model.pods) {
        const files = renderAppFiles(model, pod, OPTIONS);
        expect(files.map((file) => [file.path, file.mode])).toEqual([
          [`${pod.id}/app/app.py`, 0o644],
          [`${pod.id}/app/Dockerfile`, 0o644],
          [`${pod.id}/app/requirements.txt`, 0o644],
        ]);
      }
    },
  );

  it.each(exampleNames())("%s: the same bytes every time", (name) => {
    expect(appFiles(exampleModel(name))).toEqual(appFiles(exampleModel(name)));
  });

  it("pins aiohttp everywhere and grpcio only where app.py serves or calls gRPC", () => {
    const model = exampleModel("quad-pod");
    const requirements = (id: string) =>
      fileContent(renderAppFiles(model, podOf(model, id), OPTIONS), `${id}/app/requirements.txt`)
        .split("\n")
        .filter((line) => line && !line.startsWith("#"));
    expect(requirements("ingest")).toEqual([`aiohttp==${AIOHTTP_VERSION}`, `grpcio==${GRPCIO_VERSION}`]);
    expect(requirements("grpc-worker")).toEqual([`aiohttp==${AIOHTTP_VERSION}`, `grpcio==${GRPCIO_VERSION}`]);
    expect(requirements("stream-worker")).toEqual([`aiohttp==${AIOHTTP_VERSION}`]);
    expect(requirements("merger")).toEqual([`aiohttp==${AIOHTTP_VERSION}`]);
    for (const pod of model.pods) {
      const app = fileContent(renderAppFiles(model, pod, OPTIONS), `${pod.id}/app/app.py`);
      expect(app.includes("\nimport grpc\n")).toBe(
        requirements(pod.id).includes(`grpcio==${GRPCIO_VERSION}`),
      );
    }
  });

  it("builds a non-root python:3.11-slim image that installs the requirements and runs app.py", () => {
    const model = exampleModel("quad-pod");
    const dockerfile = (id: string) =>
      fileContent(renderAppFiles(model, podOf(model, id), OPTIONS), `${id}/app/Dockerfile`);
    const merger = dockerfile("merger");
    expect(merger).toMatch(/^FROM python:3\.11-slim$/m);
    expect(merger).toMatch(/^RUN pip install --no-cache-dir -r requirements\.txt$/m);
    expect(merger).toMatch(/^COPY requirements\*\.txt \.\/$/m);
    expect(merger).toMatch(
      /^RUN if \[ -f requirements-user\.txt \]; then pip install --no-cache-dir -r requirements-user\.txt; fi$/m,
    );
    expect(merger).toMatch(/^COPY \. \.$/m);
    expect(merger).toMatch(/^USER 10001:10001$/m);
    expect(merger).toMatch(/useradd --uid 10001 --gid 10001 /);
    expect(merger).toMatch(/^CMD \["python", "app\.py"\]$/m);
    expect(merger).toMatch(/^EXPOSE 8000 8001$/m);
    expect(dockerfile("grpc-worker")).toMatch(/^EXPOSE 8000 8001$/m);
    expect(dockerfile("ingest"), "nothing upstream: no ingress port").toMatch(/^EXPOSE 8001$/m);
  });

  it("never writes credentials into the app files", () => {
    const model = exampleModel("agentic-ai");
    const secret = {
      license: "LICENSE-s3cr3t",
      apiToken: "TOKEN-s3cr3t",
      keys: { "ai-gateway": "KEY-s3cr3t" },
    };
    const files = model.pods.flatMap((pod) =>
      renderAppFiles(model, pod, { ...OPTIONS, credentials: secret }),
    );
    expect(files.filter((file) => /s3cr3t|HOPR_|CHIPS_/.test(file.content)).map((file) => file.path)).toEqual(
      [],
    );
  });

  it("bakes the model's ports and counts in as the values configure() overrides from APP_ENV", () => {
    const model = exampleModel("quad-pod");
    const app = (id: string) =>
      fileContent(renderAppFiles(model, podOf(model, id), OPTIONS), `${id}/app/app.py`);
    const env = (name: string, constant: string, parse: string) =>
      `    ${constant} = from_env(environ, ${pythonString(name)}, ${constant}, ${parse})\n`;
    expect(app("ingest")).toContain('\nEGRESS_PORT_MAP = {"grpc-worker": 18001, "stream-worker": 18002}\n');
    expect(app("ingest")).toContain(env(APP_ENV.egressPortMap, "EGRESS_PORT_MAP", "port_map"));
    expect(app("ingest")).toContain('\nPOD_ID = "ingest"\n');
    expect(app("ingest")).toContain(`    POD_ID = environ.get(${pythonString(APP_ENV.podId)}, POD_ID)\n`);
    expect(app("ingest")).toContain("\nAUTO_TRIGGER_COUNT: int | None = 3\n");
    expect(app("ingest")).toContain(env(APP_ENV.autoTriggerCount, "AUTO_TRIGGER_COUNT", "task_count"));
    expect(app("ingest")).toContain("\nAUTO_TRIGGER_INTERVAL = 5.0\n");
    expect(app("ingest")).toContain(env(APP_ENV.autoTriggerInterval, "AUTO_TRIGGER_INTERVAL", "seconds"));
    expect(app("merger")).toContain("\nINGRESS_COUNT = 2\n");
    expect(app("merger")).toContain(env(APP_ENV.ingressCount, "INGRESS_COUNT", "int"));
    expect(app("merger")).toContain("\nAGGREGATE_TIMEOUT = 30.0\n");
    expect(app("merger")).toContain(env(APP_ENV.aggregateTimeout, "AGGREGATE_TIMEOUT", "seconds"));
    expect(app("merger")).toContain('UPSTREAM = ["grpc-worker", "stream-worker"]');
    for (const id of ["ingest", "grpc-worker", "merger"]) {
      expect(app(id)).toContain("\nCONTROL_PORT = 8001\n");
      expect(app(id)).toContain(env(APP_ENV.controlPort, "CONTROL_PORT", "int"));
    }
    expect(app("merger")).toContain("\nAPP_PORT = 8000\n");
    expect(app("merger")).toContain(env(APP_ENV.appPort, "APP_PORT", "int"));
    expect(app("ingest"), "nothing upstream: no ingress port").not.toContain("APP_PORT = ");
    expect(app("grpc-worker")).toContain('\nAPP_HOST = "127.0.0.1"\n');
    expect(app("grpc-worker")).toContain('    APP_HOST = environ.get("APP_HOST", APP_HOST)\n');
  });

  it("has only the Section 1 hooks of the pod's role, Section 1 before Section 2", () => {
    const model = exampleModel("tri-pod-fan-in");
    const hooks = (id: string) => {
      const app = fileContent(renderAppFiles(model, podOf(model, id), OPTIONS), `${id}/app/app.py`);
      const section1 = app.indexOf("# SECTION 1: BUSINESS LOGIC (EDIT THIS SECTION)");
      const section2 = app.indexOf("# SECTION 2: NETWORKING LAYER (DO NOT MODIFY)");
      expect(section1).toBeGreaterThan(0);
      expect(section2).toBeGreaterThan(section1);
      return [...app.slice(section1, section2).matchAll(/^async def (\w+)\(/gm)].map((match) => match[1]);
    };
    expect(hooks("source")).toEqual(["on_trigger"]);
    expect(hooks("enricher")).toEqual(["on_receive_relay"]);
    expect(hooks("collector")).toEqual(["on_aggregate"]);
    const bi = exampleModel("bi-pod");
    const biApp = fileContent(renderAppFiles(bi, podOf(bi, "pod-1"), OPTIONS), "pod-1/app/app.py");
    expect(biApp).toMatch(/^async def on_complete\(message: dict\) -> dict:$/m);
    const sink = exampleModel("agentic-ai");
    const sinkApp = fileContent(
      renderAppFiles(sink, podOf(sink, "ai-results-sink"), OPTIONS),
      "ai-results-sink/app/app.py",
    );
    expect(sinkApp).toMatch(/^async def on_receive_terminator\(payload: dict\) -> dict:$/m);
  });
});
