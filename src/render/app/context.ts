import type { BlueprintModel, PodModel } from "../../model/model.js";
import type { Protocol } from "../../spec/constants.js";
import { APP_CONTROL_PORT, APP_PORT } from "../../spec/constants.js";
import { APP_ENV, APP_RUNTIME_DEFAULTS } from "../conventions.js";
import { pythonString } from "../text/quote.js";
import type { RenderOptions } from "../options.js";

/** Where the header's local-run example puts this pod's app; its downstream pods follow on the next ports. */
const LOCAL_EXAMPLE_PORT = 9001;

/**
 * Everything the app templates read. The flags decide which parts of Section 2 a pod gets, so each app.py
 * holds only the code its place in the network uses (and imports only the modules that code needs).
 */
export interface AppContext {
  lane7Version: string;
  name: string;
  title: string;
  podId: string;
  role: PodModel["role"];
  protocol: Protocol;
  env: typeof APP_ENV;
  isInitiator: boolean;
  isRelay: boolean;
  isAggregator: boolean;
  isTerminator: boolean;
  /** Has upstream pods, so it takes messages on its protocol. */
  receives: boolean;
  /** Has downstream pods, so it has an outbox. */
  sends: boolean;
  isExit: boolean;
  /** An initiator that tasks come back to. */
  completesCycle: boolean;
  /** Exits and cycle initiators keep results for GET /output. */
  servesOutput: boolean;
  listensHttp: boolean;
  listensWebsocket: boolean;
  listensGrpc: boolean;
  sendsHttp: boolean;
  sendsWebsocket: boolean;
  sendsGrpc: boolean;
  /** It serves gRPC or sends to a gRPC pod: app.py imports grpc, requirements.txt pins grpcio. */
  usesGrpc: boolean;
  usesClientSession: boolean;
  usesAiohttpModule: boolean;
  appPort: number;
  controlPort: number;
  /** Python literals, their strings quoted by pythonString (the engine's `py`). */
  egressPortMapPy: string;
  downstreamProtocolsPy: string;
  upstreamPy: string;
  ingressCount: number;
  autoTriggerDelay: string;
  autoTriggerCount: number;
  autoTriggerInterval: string;
  aggregateTimeout: string;
  /** EGRESS_PORT_MAP (JSON, shell-quoted by the template) in the header's example of running the pod outside Kubernetes. */
  localPortMap: string;
  localPort: number;
  localControlPort: number;
}

export function appContext(model: BlueprintModel, pod: PodModel, options: RenderOptions): AppContext {
  const receives = pod.upstream.length > 0;
  const sends = pod.downstream.length > 0;
  const sendsVia = (protocol: Protocol) => pod.downstream.some((route) => route.protocol === protocol);
  const listens = (protocol: Protocol) => receives && pod.protocol === protocol;
  const completesCycle = pod.role === "initiator" && receives;
  return {
    lane7Version: options.lane7Version,
    name: model.name,
    title: model.title,
    podId: pod.id,
    role: pod.role,
    protocol: pod.protocol,
    env: APP_ENV,
    isInitiator: pod.role === "initiator",
    isRelay: pod.role === "relay",
    isAggregator: pod.role === "aggregator",
    isTerminator: pod.role === "terminator",
    receives,
    sends,
    isExit: pod.isExit,
    completesCycle,
    servesOutput: pod.isExit || completesCycle,
    listensHttp: listens("http"),
    listensWebsocket: listens("websocket"),
    listensGrpc: listens("grpc"),
    sendsHttp: sendsVia("http"),
    sendsWebsocket: sendsVia("websocket"),
    sendsGrpc: sendsVia("grpc"),
    usesGrpc: listens("grpc") || sendsVia("grpc"),
    usesClientSession: sendsVia("http") || sendsVia("websocket"),
    usesAiohttpModule: sends || listens("websocket"),
    appPort: APP_PORT,
    controlPort: APP_CONTROL_PORT,
    egressPortMapPy: pythonDict(pod.downstream.map((route) => [route.pod, String(route.egressPort)])),
    downstreamProtocolsPy: pythonDict(
      pod.downstream.map((route) => [route.pod, pythonString(route.protocol)]),
    ),
    upstreamPy: `[${pod.upstream.map(pythonString).join(", ")}]`,
    ingressCount: pod.upstream.length,
    autoTriggerDelay: pythonFloat(APP_RUNTIME_DEFAULTS.autoTriggerDelay),
    autoTriggerCount: model.autoTrigger.count,
    autoTriggerInterval: pythonFloat(model.autoTrigger.intervalSeconds),
    aggregateTimeout: pythonFloat(APP_RUNTIME_DEFAULTS.aggregateTimeout),
    localPortMap: pythonDict(
      pod.downstream.map((route, index) => [route.pod, String(LOCAL_EXAMPLE_PORT + 1 + index)]),
    ),
    localPort: LOCAL_EXAMPLE_PORT,
    localControlPort: LOCAL_EXAMPLE_PORT + 100,
  };
}

/**
 * `{"key": value, ...}` with the keys quoted by pythonString and the values given as literals: a Python dict
 * literal, and JSON too when the values are numbers or JSON strings.
 */
function pythonDict(entries: [string, string][]): string {
  return `{${entries.map(([key, value]) => `${pythonString(key)}: ${value}`).join(", ")}}`;
}

/** A Python float literal for a number of seconds. */
function pythonFloat(seconds: number): string {
  return Number.isInteger(seconds) ? seconds.toFixed(1) : String(seconds);
}
