import type { BlueprintModel, PodModel, SecurityModel } from "../../model/model.js";
import { SIDECAR_INGRESS_PORT } from "../../spec/constants.js";
import { finishingPods, pinholeEndpoint, posture } from "../blueprint/topology.js";
import { pinholeTlsDirName } from "../conventions.js";
import type { BundleFile } from "../file.js";
import { checkovSkips } from "../k8s/checkov-skips.js";
import { PLACEHOLDER_PREFIX } from "../k8s/placeholders.js";
import type { RenderOptions } from "../options.js";
import { plural } from "../../plural.js";
import { renderTemplate } from "../text/engine.js";
import { fillParagraphs } from "../text/fill.js";
import { pinholeCall, trailCommand } from "./commands.js";
import { HOOKS, modeName, modeSummary, protocolSummary } from "./details.js";
import { openMtlsContext } from "./security.js";

/** The columns the README's paragraphs are filled to. */
const README_WIDTH = 100;

/** README.md at the bundle root: what the network is, its security posture, and how to run it. */
export function renderReadme(model: BlueprintModel, options: RenderOptions): BundleFile {
  return {
    path: "README.md",
    content: fillParagraphs(
      renderTemplate(options.templates, "readme/README.md.hbs", readmeContext(model, options)),
      README_WIDTH,
    ),
    mode: 0o644,
  };
}

function readmeContext(model: BlueprintModel, options: RenderOptions) {
  const boundary = model.pods.filter((pod) => pod.pinhole);
  const finishing = finishingPods(model);
  const tested = model.pods.find((pod) => pod.role === "initiator");
  // From the bundle directory, where the README's commands run.
  const tlsDir = `../${pinholeTlsDirName(model)}`;
  return {
    version: options.lane7Version,
    name: model.name,
    title: model.title,
    podCount: model.pods.length,
    open: openMtlsContext(model, options),
    modeName: modeName(model.mode),
    chipsAlgorithm: model.chipsAlgorithm,
    tested: tested ? { id: tested.id, app: `${tested.id}/app/app.py` } : null,
    entries: model.pods.filter((pod) => pod.role === "initiator").map((pod) => pod.id),
    finishing: finishing.map((pod) => ({ id: pod.id, command: trailCommand(pod) })),
    finishingIds: finishing.map((pod) => pod.id),
    tlsDir,
    boundary: boundary.map((pod, index) => ({ id: pod.id, ...pinholeCall(pod, index, tlsDir) })),
    boundaryIds: boundary.map((pod) => pod.id),
    placeholder: PLACEHOLDER_PREFIX,
    ingressPort: SIDECAR_INGRESS_PORT,
    details: { protocol: protocolSummary(model), mode: modeSummary(model) },
    pods: model.pods.map((pod) => podContext(pod, model.security)),
    diagram: diagram(model),
    checkovSkips: checkovSkips(model),
    outside: outsideTheTable(model),
    autoTrigger: {
      count: model.autoTrigger.count,
      tasks: plural(model.autoTrigger.count, "test task"),
      interval: model.autoTrigger.intervalSeconds,
    },
  };
}

/** What the NetworkPolicy lets every pod reach besides its table row: the cluster DNS and HTTPS. */
function outsideTheTable({ cluster }: BlueprintModel) {
  const { namespace, port, cidrs } = cluster.dns;
  return {
    dns: { namespace, port, cidrs },
    https: cluster.outboundHttps,
  };
}

function podContext(pod: PodModel, security: SecurityModel) {
  const { admits } = posture(pod, security);
  return {
    id: pod.id,
    role: pod.role,
    protocol: pod.protocol,
    namespace: pod.namespace,
    app: `${pod.id}/app/app.py`,
    hook: HOOKS[pod.role],
    admits,
    sends: pod.downstream.map((route) => ({
      pod: route.pod,
      protocol: route.protocol,
      port: route.egressPort,
    })),
    pinhole: pod.pinhole ? { ...pod.pinhole, ...pinholeEndpoint(pod) } : null,
  };
}

/**
 * The Mermaid flowchart's parts. Nodes get ids lane7 makes (p0, p1, …) so that no pod id can collide
 * with Mermaid syntax (`end`, `graph`, …); pod ids appear only in quoted labels.
 */
function diagram(model: BlueprintModel) {
  const ref = new Map(model.pods.map((pod, index) => [pod.id, `p${index}`]));
  const refOf = (id: string): string => {
    const found = ref.get(id);
    if (found === undefined) throw new Error(`diagram: unknown pod ${id}`);
    return found;
  };
  return {
    nodes: model.pods.map((pod) => ({
      ref: refOf(pod.id),
      label: `${pod.id} · ${pod.role} · ${pod.protocol.toUpperCase()}`,
    })),
    edges: model.edges.map((edge) => ({
      from: refOf(edge.from),
      to: refOf(edge.to),
      protocol: edge.protocol,
      port: edge.egressPort,
    })),
    callers: model.pods.flatMap((pod, index) =>
      pod.pinhole
        ? [{ ref: `c${index}`, pod: refOf(pod.id), inbound: pod.role === "initiator", ...pod.pinhole }]
        : [],
    ),
  };
}
