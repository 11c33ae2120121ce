import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderAppFiles } from "../../../src/render/app/index.js";
import { findPython, NO_PYTHON_REASON } from "../../support/python.js";
import { AppRunner, freePort, getJson, runToExit, type RunningApp } from "./harness.js";
import { exampleModel, fileContent, OPTIONS, podOf } from "./networks.js";

const python = findPython();

async function status(url: string, method: string, body?: unknown): Promise<number> {
  const response = await fetch(url, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  await response.arrayBuffer();
  return response.status;
}

/** A message from a pod the caller names itself: what a forged delivery through the pinhole would carry. */
const FORGED = { task_id: "forged-1", trail: ["grpc-worker"] };

function mergerApp(): string {
  const model = exampleModel("quad-pod");
  return fileContent(renderAppFiles(model, podOf(model, "merger"), OPTIONS), "merger/app/app.py");
}

async function outputCount(app: RunningApp): Promise<number> {
  return ((await getJson(`${app.controlUrl}/output`)) as { count: number }).count;
}

describe.skipIf(!python)(
  `the ingress and control ports are apart${python ? "" : ` (skipped: ${NO_PYTHON_REASON})`}`,
  () => {
    let runner: AppRunner;
    beforeEach(() => {
      runner = new AppRunner(python ?? "");
    });
    afterEach(async () => {
      await runner.stopAll();
    });

    it("quad-pod merger: the control port (behind the pinhole) refuses POST /message", async () => {
      const model = exampleModel("quad-pod");
      const merger = await runner.start(model, "merger", {
        APP_PORT: `${await freePort()}`,
        AGGREGATE_TIMEOUT: "0.2",
      });
      expect(await status(`${merger.controlUrl}/message`, "POST", FORGED)).toBe(404);
      expect(await status(`${merger.controlUrl}/ws`, "GET")).toBe(404);
      await new Promise((wake) => setTimeout(wake, 500));
      expect(await outputCount(merger)).toBe(0);
    });

    it("quad-pod merger: the ingress port serves POST /message and none of the control endpoints", async () => {
      const model = exampleModel("quad-pod");
      const merger = await runner.start(model, "merger", { APP_PORT: `${await freePort()}` });
      expect(await status(`${merger.ingressUrl}/message`, "POST", FORGED)).toBe(202);
      for (const path of ["/output", "/healthz"])
        expect(await status(`${merger.ingressUrl}${path}`, "GET"), path).toBe(404);
    });

    it("refuses to start with the ingress and the control endpoints on one port", () => {
      expect(runToExit(python ?? "", mergerApp(), { APP_PORT: "9000", APP_CONTROL_PORT: "9000" })).toEqual({
        status: 1,
        stdout: "",
        stderr: "APP_PORT and APP_CONTROL_PORT are both 9000: the ingress needs a port of its own\n",
      });
    });

    it("refuses a port that is not a number, before it logs anything", () => {
      expect(runToExit(python ?? "", mergerApp(), { APP_PORT: "abc" })).toEqual({
        status: 1,
        stdout: "",
        stderr: "APP_PORT='abc': invalid literal for int() with base 10: 'abc'\n",
      });
    });

    it("agentic-ai llm-gateway: WebSocket ingress on its own port, none of it on the control port", async () => {
      const model = exampleModel("agentic-ai");
      const gateway = await runner.start(model, "llm-gateway", {
        APP_PORT: `${await freePort()}`,
        EGRESS_PORT_MAP: `{"nlp-processor": ${await freePort()}}`,
      });
      expect(await status(`${gateway.controlUrl}/ws`, "GET")).toBe(404);
      // The WebSocket route is there: a plain GET is refused as a bad handshake, not as an unknown path.
      expect(await status(`${gateway.ingressUrl}/ws`, "GET")).toBe(400);
      expect(await status(`${gateway.ingressUrl}/healthz`, "GET")).toBe(404);
    });
  },
);
