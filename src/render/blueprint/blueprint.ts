import type { BlueprintModel, PodModel, SecurityModel } from "../../model/model.js";
import { APP_CONTROL_PORT, APP_PORT, SIDECAR_INGRESS_PORT } from "../../spec/constants.js";
import type { BundleFile } from "../file.js";
import type { RenderOptions } from "../options.js";
import { toYaml } from "../yaml.js";
import type { BlueprintDocument, BlueprintPod } from "./schema.js";
import { posture } from "./topology.js";

/**
 * blueprint.yaml: the machine-readable summary of a bundle, read back by `lane7 diff`. Its shape is a
 * contract (its schema: ./schema.ts): add fields, never rename or repurpose one (bump `apiVersion` for that). It holds names, ports
 * and topology only, never a credential or any other secret value.
 *
 * ```yaml
 * apiVersion: lane7/v1
 * kind: Blueprint
 * generator: { name: lane7, version: 0.1.0 }
 * network: { name: agentic-ai, title: Agentic AI Inference Pipeline }
 * security: { profile: wosp }            # or { profile: open-mtls, certificateHours: 24, certManagerNamespace: cert-manager }
 * mode: armored-tunnel                    # armored-tunnel | armored-car (what the wosp profile runs)
 * chipsAlgorithm: xtra4                   # xtra4 | xtra7
 * pods:                                   # declaration order
 *   - id: ai-gateway
 *     role: initiator                     # initiator | relay | aggregator | terminator
 *     protocol: http                      # http | websocket | grpc (what the pod listens on)
 *     namespace: agentic-ai-ai-gateway-ns
 *     service: ai-gateway.agentic-ai-ai-gateway-ns.svc.cluster.local
 *     identity: spiffe://cluster.local/lane7/agentic-ai/ai-gateway  # the certificate's URI SAN (open-mtls)
 *     exit: false                         # tasks leave the network here (serves /output)
 *     ports:
 *       app: 8000                         # the app, on localhost behind the sidecar
 *       control: 8000                     # /trigger, /output, /healthz (8001 for grpc pods)
 *       ingress: 18000                    # the sidecar's listener for upstream sidecars
 *       egress: { ai-orchestrator: 18001 }  # localhost port per downstream pod, declaration order
 *       pinhole: 19000                    # or null
 *     upstream: []                        # pod ids, edge declaration order
 *     downstream: [ai-orchestrator]
 *     pinhole: { tier: 2, port: 19000 }   # or null
 *     posture:                            # boundary: none | tier-1 | tier-2; authentication: wosp | mtls (open-mtls)
 *       { admits: [], reaches: [ai-orchestrator], boundary: tier-2, authentication: wosp }
 * edges:                                  # declaration order
 *   - { from: ai-gateway, to: ai-orchestrator, protocol: http, egressPort: 18001 }
 * deployOrder: [ai-results-sink, …]       # downstream pods first
 * cluster:
 *   domain: cluster.local
 *   dns: { namespace: kube-system, port: 53, cidrs: [] }
 *   outboundHttps: null                   # or CIDR blocks; null: anywhere
 * autoTrigger: { count: 3, interval: 5 }  # test tasks per initiator after start-up
 * ```
 */
const HEADER = "# Machine-readable summary of this blueprint (read by `lane7 diff`). No secret values.\n";

export function renderBlueprint(model: BlueprintModel, options: RenderOptions): BundleFile {
  return { path: "blueprint.yaml", content: HEADER + toYaml(blueprintDocument(model, options)), mode: 0o644 };
}

export function blueprintDocument(model: BlueprintModel, options: RenderOptions): BlueprintDocument {
  return {
    apiVersion: "lane7/v1",
    kind: "Blueprint",
    generator: { name: "lane7", version: options.lane7Version },
    network: { name: model.name, title: model.title },
    security: { ...model.security },
    mode: model.mode,
    chipsAlgorithm: model.chipsAlgorithm,
    pods: model.pods.map((pod) => blueprintPod(pod, model.security)),
    edges: model.edges.map(({ from, to, protocol, egressPort }) => ({ from, to, protocol, egressPort })),
    deployOrder: [...model.deployOrder],
    cluster: {
      domain: model.cluster.domain,
      dns: { ...model.cluster.dns, cidrs: [...model.cluster.dns.cidrs] },
      outboundHttps: model.cluster.outboundHttps ? [...model.cluster.outboundHttps] : null,
    },
    autoTrigger: { count: model.autoTrigger.count, interval: model.autoTrigger.intervalSeconds },
  };
}

function blueprintPod(pod: PodModel, security: SecurityModel): BlueprintPod {
  return {
    id: pod.id,
    role: pod.role,
    protocol: pod.protocol,
    namespace: pod.namespace,
    service: pod.host,
    identity: pod.identity,
    exit: pod.isExit,
    ports: {
      app: APP_PORT,
      control: APP_CONTROL_PORT,
      ingress: SIDECAR_INGRESS_PORT,
      egress: Object.fromEntries(pod.downstream.map((route) => [route.pod, route.egressPort])),
      pinhole: pod.pinhole?.port ?? null,
    },
    upstream: [...pod.upstream],
    downstream: pod.downstream.map((route) => route.pod),
    pinhole: pod.pinhole ? { tier: pod.pinhole.tier, port: pod.pinhole.port } : null,
    posture: posture(pod, security),
  };
}
