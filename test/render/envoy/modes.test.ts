import { describe, expect, test } from "vitest";
import { renderEnvoyBootstrap } from "../../../src/render/envoy/bootstrap.js";
import { TYPE_URL } from "../../../src/render/envoy/types.js";
import type { Listener } from "../../../src/render/envoy/types.js";
import { allCases, OPTIONS } from "./fixtures.js";
import { hcmOf, listeners, networkFilters, typesOf, woSPConfigs } from "./inspect.js";

const CASES = allCases();
const TUNNEL = CASES.filter((c) => c.model.mode === "armored-tunnel");
const CAR = CASES.filter((c) => c.model.mode === "armored-car");

/** The listeners that carry sidecar-to-sidecar traffic through WoSP. */
const woSPListeners = (all: Listener[]) =>
  all.filter((l) => l.name === "ingress" || l.name.startsWith("egress-"));

describe("armored-tunnel: the L4 form", () => {
  test.each(TUNNEL)("$label: WoSP network filter, then (ingress) RBAC, then tcp_proxy", ({ bootstrap }) => {
    for (const listener of woSPListeners(listeners(bootstrap))) {
      const rbac = listener.name === "ingress" ? [TYPE_URL.networkRbac] : [];
      expect(typesOf(networkFilters(listener))).toEqual([TYPE_URL.networkWasm, ...rbac, TYPE_URL.tcpProxy]);
      expect(hcmOf(listener)).toBeUndefined();
    }
  });
});

describe("armored-car: the L7 form", () => {
  test.each(CAR)(
    "$label: one HTTP connection manager with WoSP, then (ingress) RBAC, then router",
    ({ bootstrap }) => {
      for (const listener of woSPListeners(listeners(bootstrap))) {
        expect(typesOf(networkFilters(listener))).toEqual([TYPE_URL.httpConnectionManager]);
        const rbac = listener.name === "ingress" ? [TYPE_URL.httpRbac] : [];
        expect(typesOf(hcmOf(listener)?.http_filters ?? [])).toEqual([
          TYPE_URL.httpWasm,
          ...rbac,
          TYPE_URL.router,
        ]);
      }
    },
  );
});

describe("WoSP filter configuration", () => {
  test.each(CASES)(
    "$label: loads the module from the options, with the mode's algorithm",
    ({ model, pod, bootstrap }) => {
      const woSP = woSPListeners(listeners(bootstrap));
      expect(woSP.length).toBe(pod.downstream.length + (pod.upstream.length > 0 ? 1 : 0));
      for (const listener of woSP) {
        expect(woSPConfigs(listener)).toEqual([
          expect.objectContaining({
            mode: model.mode,
            algorithm: model.chipsAlgorithm,
            network: model.name,
            pod: pod.id,
          }),
        ]);
      }
      const yaml = JSON.stringify(bootstrap);
      expect(yaml.split('"runtime":"envoy.wasm.runtime.v8"').length - 1).toBe(woSP.length);
      expect(yaml.split(`"filename":"${OPTIONS.woSPFilterPath}"`).length - 1).toBe(woSP.length);
    },
  );

  test("follows options.woSPFilterPath", () => {
    const [first] = CASES;
    if (!first) throw new Error("no cases");
    const bootstrap = renderEnvoyBootstrap(first.model, first.pod, {
      ...OPTIONS,
      woSPFilterPath: "/opt/x.wasm",
    });
    expect(JSON.stringify(bootstrap)).toContain('"filename":"/opt/x.wasm"');
    expect(JSON.stringify(bootstrap)).not.toContain(OPTIONS.woSPFilterPath);
  });
});

describe("the pinhole and health listeners are HTTP in both modes, without WoSP", () => {
  test.each(CASES)("$label", ({ bootstrap }) => {
    for (const listener of listeners(bootstrap).filter((l) => l.name === "pinhole" || l.name === "health")) {
      expect(typesOf(networkFilters(listener))).toEqual([TYPE_URL.httpConnectionManager]);
      expect(woSPConfigs(listener)).toEqual([]);
    }
  });
});
