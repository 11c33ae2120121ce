import { describe, expect, test } from "vitest";
import type { BlueprintModel, PodModel } from "../../../src/model/model.js";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import { ENVOY_CONFIG_HASH_ANNOTATION, renderWorkload } from "../../../src/render/k8s/index.js";
import { ENVOY_YAML, YAML11_NETWORK } from "./fixtures.js";
import { exampleModels, modelFromText } from "../../support/models.js";
import type {
  ConfigMap,
  Container,
  Deployment,
  EnvVar,
  NetworkPolicy,
  NetworkPolicyPeer,
  Service,
} from "../../../src/render/k8s/types.js";

const OPTIONS = defaultRenderOptions("0.0.0-test");
const NETWORKS = [
  ...exampleModels(),
  ["yaml-1.1-ids", modelFromText("yaml-1.1-ids", YAML11_NETWORK)] as const,
];

interface Workload {
  configMap: ConfigMap;
  services: Service[];
  policy: NetworkPolicy;
  deployment: Deployment;
  containers: Container[];
}

function workloadOf(model: BlueprintModel, pod: PodModel, envoyYaml = ENVOY_YAML): Workload {
  const objects = renderWorkload(model, pod, OPTIONS, envoyYaml);
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
  const [configMap] = ofKind("ConfigMap") as ConfigMap[];
  const [policy] = ofKind("NetworkPolicy") as NetworkPolicy[];
  const [deployment] = ofKind("Deployment") as Deployment[];
  if (!configMap || !policy || !deployment)
    throw new Error("a workload has a ConfigMap, a policy and a Deployment");
  const containers = deployment.spec?.template.spec?.containers ?? [];
  return { configMap, services: ofKind("Service") as Service[], policy, deployment, containers };
}

function container(workload: Workload, name: string): Container {
  const found = workload.containers.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}

const namespacesOf = (peers: NetworkPolicyPeer[] | undefined) =>
  (peers ?? []).map((peer) => peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"]);
const envOf = (env: EnvVar[] | undefined) => Object.fromEntries((env ?? []).map((v) => [v.name, v.value]));

describe.each(NETWORKS)("%s", (_file, model) => {
  describe.each(model.pods.map((pod) => [pod.id, pod] as const))("pod %s", (_id, pod) => {
    const workload = workloadOf(model, pod);
    const sidecar = container(workload, "xtra-wasm");
    const portNamed = (name: unknown) => sidecar.ports?.find((port) => port.name === name)?.containerPort;

    test("objects in apply order, all in the pod's namespace", () => {
      const objects = renderWorkload(model, pod, OPTIONS, ENVOY_YAML);
      const kinds = objects.map((object) => object.kind);
      expect(kinds[0]).toBe("ConfigMap");
      expect(kinds.slice(-2)).toEqual(["NetworkPolicy", "Deployment"]);
      for (const object of objects) expect(object.metadata?.namespace).toBe(pod.namespace);
    });

    test("the Service named after the pod exists exactly when something sends to it, on 18000", () => {
      const service = workload.services.find((candidate) => candidate.metadata?.name === pod.id);
      if (pod.upstream.length === 0) {
        expect(service).toBeUndefined();
        expect(portNamed("wosp-ingress")).toBeUndefined();
        return;
      }
      expect(service?.spec?.type).toBe("ClusterIP");
      expect(service?.spec?.ports?.map((port) => [port.port, portNamed(port.targetPort)])).toEqual([
        [18000, 18000],
      ]);
    });

    test("the pinhole Service exists exactly on boundary pods, a LoadBalancer on the pinhole port", () => {
      const service = workload.services.find((candidate) => candidate.metadata?.name === `${pod.id}-pinhole`);
      expect(workload.services).toHaveLength((pod.upstream.length > 0 ? 1 : 0) + (pod.pinhole ? 1 : 0));
      if (!pod.pinhole) {
        expect(service).toBeUndefined();
        return;
      }
      expect(service?.spec?.type).toBe("LoadBalancer");
      const ports = service?.spec?.ports?.map((port) => [port.port, portNamed(port.targetPort)]);
      expect(ports).toEqual([[pod.pinhole.port, pod.pinhole.port]]);
    });

    test("every selector selects the Deployment's pods, and nothing of another pod", () => {
      const labels = workload.deployment.spec?.template.metadata?.labels ?? {};
      const selectors = [
        workload.deployment.spec?.selector.matchLabels,
        workload.policy.spec.podSelector?.matchLabels,
        ...workload.services.map((service) => service.spec?.selector),
      ];
      for (const selector of selectors) {
        expect(selector).toEqual({ "lane7.dev/network": model.name, "lane7.dev/pod": pod.id });
        expect(labels).toMatchObject(selector ?? { missing: "selector" });
      }
    });

    test("the NetworkPolicy admits 18000 from the upstream pods only, and opens only health and pinhole to all", () => {
      const ingress = workload.policy.spec.ingress ?? [];
      const fromPeers = ingress.filter((rule) => rule.from);
      const open = ingress
        .filter((rule) => !rule.from)
        .flatMap((rule) => rule.ports?.map((port) => port.port));
      expect(open).toEqual([...(pod.pinhole ? [pod.pinhole.port] : []), 9902]);
      if (pod.upstream.length === 0) {
        expect(fromPeers).toEqual([]);
        return;
      }
      expect(fromPeers).toHaveLength(1);
      expect(fromPeers[0]?.ports).toEqual([{ protocol: "TCP", port: 18000 }]);
      const upstreamNamespaces = pod.upstream.map((id) => model.pods.find((p) => p.id === id)?.namespace);
      expect(namespacesOf(fromPeers[0]?.from)).toEqual(upstreamNamespaces);
      expect(fromPeers[0]?.from?.map((peer) => peer.podSelector?.matchLabels?.["lane7.dev/pod"])).toEqual(
        pod.upstream,
      );
    });

    test("the NetworkPolicy lets out 18000 to downstream pods, DNS to kube-system and HTTPS", () => {
      const egress = workload.policy.spec.egress ?? [];
      expect(workload.policy.spec.policyTypes).toEqual(["Ingress", "Egress"]);
      const summary = egress.map((rule) => [
        namespacesOf(rule.to),
        rule.ports?.map((p) => `${p.protocol}/${p.port}`),
      ]);
      const downstream = pod.downstream.map((route) => route.namespace);
      expect(summary).toEqual([
        ...(downstream.length > 0 ? [[downstream, ["TCP/18000"]]] : []),
        [["kube-system"], ["UDP/53", "TCP/53"]],
        [[], ["TCP/443"]],
      ]);
    });

    test("the app gets its wiring through APP_ENV", () => {
      const env = envOf(container(workload, "web-app").env);
      expect(env).toMatchObject({
        LANE7_POD_ID: pod.id,
        LANE7_NETWORK: model.name,
        APP_HOST: "127.0.0.1",
        APP_PORT: "8000",
        APP_CONTROL_PORT: "8001",
        EGRESS_HOST: "127.0.0.1",
        INGRESS_COUNT: String(pod.upstream.length),
      });
      const portMap: unknown = JSON.parse(env.EGRESS_PORT_MAP ?? "null");
      expect(Object.entries(portMap as object)).toEqual(
        pod.downstream.map((route) => [route.pod, route.egressPort]),
      );
      if (pod.role === "initiator") {
        expect(env).toMatchObject({
          AUTO_TRIGGER_COUNT: String(model.autoTrigger.count),
          AUTO_TRIGGER_INTERVAL: String(model.autoTrigger.intervalSeconds),
        });
      } else expect("AUTO_TRIGGER_COUNT" in env || "AUTO_TRIGGER_INTERVAL" in env).toBe(false);
      expect("AGGREGATE_TIMEOUT" in env).toBe(pod.role === "aggregator");
    });

    test("the sidecar runs Envoy on the mounted ConfigMap, with its credentials and health probes", () => {
      expect(workload.configMap.data).toEqual({ "envoy.yaml": ENVOY_YAML });
      expect(sidecar.args).toContain("/etc/envoy/envoy.yaml");
      const volumes = workload.deployment.spec?.template.spec?.volumes ?? [];
      const configVolume = volumes.find(
        (volume) => volume.configMap?.name === workload.configMap.metadata?.name,
      );
      const mount = sidecar.volumeMounts?.find((m) => m.name === configVolume?.name);
      expect(mount).toMatchObject({ mountPath: "/etc/envoy", readOnly: true });
      for (const probe of [sidecar.readinessProbe, sidecar.livenessProbe]) {
        expect(probe?.httpGet?.path).toBe("/ready");
        expect(portNamed(probe?.httpGet?.port)).toBe(9902);
      }
    });

    test("pinhole TLS material is mounted on boundary pods, the client CA on tier 2 only", () => {
      const mounts = Object.fromEntries((sidecar.volumeMounts ?? []).map((m) => [m.mountPath, m.readOnly]));
      expect(mounts["/etc/lane7/pinhole-tls"]).toBe(pod.pinhole ? true : undefined);
      expect(mounts["/etc/lane7/pinhole-client-ca"]).toBe(pod.pinhole?.tier === 2 ? true : undefined);
    });

    test("every mount has its volume, every volume is mounted, each container has its own /tmp", () => {
      const volumes = (workload.deployment.spec?.template.spec?.volumes ?? []).map((volume) => volume.name);
      const mounted = workload.containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name));
      expect(new Set(mounted)).toEqual(new Set(volumes));
      expect(new Set(volumes).size).toBe(volumes.length);
      for (const c of workload.containers) {
        const tmp = c.volumeMounts?.filter((m) => m.mountPath === "/tmp") ?? [];
        expect(
          tmp.map((m) => m.name),
          c.name,
        ).toEqual([`${c.name}-tmp`]);
      }
    });

    test("three containers, pulled IfNotPresent, each with requests and limits", () => {
      expect(workload.containers.map((c) => c.name)).toEqual(["web-app", "xtra-wasm", "web-retriever"]);
      expect(container(workload, "web-app").image).toBe(`registry.example.com/${model.name}/${pod.id}:0.1.0`);
      for (const c of workload.containers) {
        expect(c.imagePullPolicy).toBe("IfNotPresent");
        expect(Object.keys(c.resources?.requests ?? {}), c.name).toEqual(["cpu", "memory"]);
        expect(Object.keys(c.resources?.limits ?? {}), c.name).toEqual(["cpu", "memory"]);
      }
      expect(workload.deployment.spec?.replicas).toBe(1);
      expect(workload.deployment.spec?.template.spec?.automountServiceAccountToken).toBe(false);
    });
  });
});

test("the pod template carries the Envoy config's hash, so a config change rolls the pod", () => {
  const [, model] = exampleModels()[0] ?? [];
  const pod = model?.pods[0];
  if (!model || !pod) throw new Error("examples have pods");
  const hash = (yaml: string) =>
    workloadOf(model, pod, yaml).deployment.spec?.template.metadata?.annotations?.[
      ENVOY_CONFIG_HASH_ANNOTATION
    ];
  expect(hash(ENVOY_YAML)).toMatch(/^[0-9a-f]{64}$/);
  expect(hash(ENVOY_YAML)).toBe(hash(ENVOY_YAML));
  expect(hash(`${ENVOY_YAML}# changed\n`)).not.toBe(hash(ENVOY_YAML));
});

describe("spec.cluster", () => {
  const model = modelFromText(
    "cluster.yaml",
    `apiVersion: lane7/v1
kind: Network
metadata: { name: oc }
spec:
  cluster:
    domain: k8s.example.internal
    dns: { namespace: openshift-dns, port: 5353, cidrs: [169.254.20.10/32] }
    outboundHttps: [203.0.113.0/24, "2001:db8::/32"]
  pods:
    - { id: a, role: initiator }
    - { id: b, role: terminator }
  edges:
    - { from: a, to: b }
`,
  );

  test("names every Service in the cluster's domain", () => {
    expect(model.pods.map((pod) => pod.host)).toEqual([
      "a.oc-a-ns.svc.k8s.example.internal",
      "b.oc-b-ns.svc.k8s.example.internal",
    ]);
  });

  test("sends DNS where the cluster serves it and HTTPS only to the blocks given", () => {
    const [, dns, https] = workloadOf(model, model.pods[0] as PodModel).policy.spec.egress ?? [];
    expect(dns).toEqual({
      to: [
        { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "openshift-dns" } } },
        { ipBlock: { cidr: "169.254.20.10/32" } },
      ],
      ports: [
        { protocol: "UDP", port: 5353 },
        { protocol: "TCP", port: 5353 },
      ],
    });
    expect(https).toEqual({
      to: [{ ipBlock: { cidr: "203.0.113.0/24" } }, { ipBlock: { cidr: "2001:db8::/32" } }],
      ports: [{ protocol: "TCP", port: 443 }],
    });
  });
});
