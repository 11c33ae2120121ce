import type { BlueprintModel, PodModel } from "../../model/model.js";
import type { RenderOptions } from "../options.js";
import { FILTER, PEER_METADATA } from "./names.js";
import { TYPE_URL, type HttpFilter, type NetworkFilter, type WasmPluginConfig } from "./types.js";

/**
 * Which side of a connection a WoSP filter instance guards. `peers` are the only pods it may authenticate
 * at the other end: the declared upstream pods on ingress, the one target pod on egress.
 */
export type WoSPScope = { direction: "ingress"; peers: string[] } | { direction: "egress"; target: string };

export function woSPNetworkFilter(
  model: BlueprintModel,
  pod: PodModel,
  scope: WoSPScope,
  options: RenderOptions,
): NetworkFilter {
  return {
    name: FILTER.networkWasm,
    typed_config: { "@type": TYPE_URL.networkWasm, config: pluginConfig(model, pod, scope, options) },
  };
}

export function woSPHttpFilter(
  model: BlueprintModel,
  pod: PodModel,
  scope: WoSPScope,
  options: RenderOptions,
): HttpFilter {
  return {
    name: FILTER.httpWasm,
    typed_config: { "@type": TYPE_URL.httpWasm, config: pluginConfig(model, pod, scope, options) },
  };
}

function pluginConfig(
  model: BlueprintModel,
  pod: PodModel,
  scope: WoSPScope,
  options: RenderOptions,
): WasmPluginConfig {
  return {
    name: "wosp",
    root_id: "wosp",
    vm_config: {
      vm_id: "wosp",
      runtime: "envoy.wasm.runtime.v8",
      code: { local: { filename: options.woSPFilterPath } },
    },
    // A StringValue reaches the plugin's on_configure verbatim (envoy.extensions.wasm.v3.PluginConfig).
    configuration: {
      "@type": TYPE_URL.stringValue,
      value: JSON.stringify(woSPConfiguration(model, pod, scope)),
    },
  };
}

/** The filter's own configuration; key order is fixed, so the JSON is byte-stable. */
function woSPConfiguration(model: BlueprintModel, pod: PodModel, scope: WoSPScope) {
  const peers =
    scope.direction === "ingress" ? { peers: scope.peers } : { peers: [scope.target], target: scope.target };
  return {
    mode: model.mode,
    algorithm: model.chipsAlgorithm,
    network: model.name,
    pod: pod.id,
    direction: scope.direction,
    ...peers,
    peerMetadata: PEER_METADATA,
  };
}
