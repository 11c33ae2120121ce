import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { BlueprintModel, PodModel } from "../../../src/model/model.js";
import { defaultRenderOptions } from "../../../src/render/defaults.js";
import {
  ENVOY_CONFIG_HASH_ANNOTATION,
  renderDeployment,
  renderWorkload,
  type ConfigMap,
  type Container,
  type Deployment,
  type NetworkPolicy,
  type Service,
} from "../../../src/render/k8s/index.js";
import { exampleModel, openMtlsModels } from "../../support/models.js";
import { ENVOY_YAML } from "./fixtures.js";

const OPTIONS = defaultRenderOptions("0.0.0-test");

function workloadOf(model: BlueprintModel, pod: PodModel) {
  const objects = renderWorkload(model, pod, OPTIONS, ENVOY_YAML);
  const deployment = objects.find((object): object is Deployment => object.kind === "Deployment");
  const policy = objects.find((object): object is NetworkPolicy => object.kind === "NetworkPolicy");
  const configMap = objects.find((object): object is ConfigMap => object.kind === "ConfigMap");
  if (!deployment || !policy || !configMap)
    throw new Error("a workload has a ConfigMap, a policy and a Deployment");
  const services = objects.filter((object): object is Service => object.kind === "Service");
  const spec = deployment.spec?.template.spec;
  return {
    deployment,
    policy,
    configMap,
    services,
    containers: spec?.containers ?? [],
    volumes: spec?.volumes ?? [],
  };
}

function named(containers: Container[], name: string): Container {
  const found = containers.find((container) => container.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}

/** Each Service port as its number and the container port number its target name resolves to. */
function servicePorts(services: Service[], sidecar: Container): [number | undefined, number | undefined][] {
  const byName = new Map((sidecar.ports ?? []).map((port) => [port.name, port.containerPort]));
  return services.flatMap((service) =>
    (service.spec?.ports ?? []).map((port): [number | undefined, number | undefined] => [
      port.port,
      byName.get(String(port.targetPort)),
    ]),
  );
}

describe.each(openMtlsModels())("%s in the open-mtls profile", (file, model) => {
  const wosp = exampleModel(file.replace(/\.yaml$/, ""));

  describe.each(model.pods.map((pod, index) => [pod.id, pod, index] as const))(
    "pod %s",
    (_id, pod, index) => {
      const workload = workloadOf(model, pod);
      const envoy = named(workload.containers, "envoy");
      const wospPod = wosp.pods[index] as PodModel;
      const wospWorkload = workloadOf(wosp, wospPod);

      test("two containers: the app, unchanged, and upstream Envoy on the mounted bootstrap", () => {
        expect(workload.containers.map((container) => container.name)).toEqual(["web-app", "envoy"]);
        expect(named(workload.containers, "web-app")).toEqual(named(wospWorkload.containers, "web-app"));
        expect(envoy.image).toBe("docker.io/envoyproxy/envoy:distroless-v1.39.1");
        expect(envoy.imagePullPolicy).toBe("IfNotPresent");
        expect(envoy.command).toEqual(["envoy"]);
        expect(envoy.args).toEqual(["--config-path", "/etc/envoy/envoy.yaml", "--disable-hot-restart"]);
        expect(envoy.resources).toEqual({
          requests: { cpu: "100m", memory: "64Mi" },
          limits: { cpu: "1", memory: "256Mi" },
        });
      });

      test("no Web Retriever, no WoSP sidecar, no credential in any container's environment", () => {
        for (const container of workload.containers) {
          expect(container.name).not.toMatch(/web-retriever|xtra-wasm/);
          expect(container.envFrom, container.name).toBeUndefined();
          expect(
            (container.env ?? []).filter((variable) => variable.valueFrom),
            container.name,
          ).toEqual([]);
        }
        expect(JSON.stringify(workload.deployment)).not.toMatch(/wosp|HOPR_|CHIPS/i);
      });

      test("Envoy mounts the whole ConfigMap at /etc/envoy and the workload TLS Secret, read-only; the app neither", () => {
        const volume = (name: string | undefined) =>
          workload.volumes.find((candidate) => candidate.name === name);
        const mounts = envoy.volumeMounts ?? [];
        const config = mounts.find((mount) => mount.mountPath === "/etc/envoy");
        expect(config).toEqual({ name: "envoy-config", mountPath: "/etc/envoy", readOnly: true });
        expect(volume(config?.name)).toEqual({
          name: "envoy-config",
          configMap: { name: `${pod.id}-envoy` },
        });
        const tls = mounts.find((mount) => mount.mountPath === "/etc/lane7/workload-tls");
        expect(tls).toEqual({ name: "workload-tls", mountPath: "/etc/lane7/workload-tls", readOnly: true });
        expect(volume(tls?.name)).toEqual({
          name: "workload-tls",
          secret: { secretName: `${pod.id}-workload-tls`, defaultMode: 0o440 },
        });
        const app = named(workload.containers, "web-app");
        expect(app.volumeMounts).toEqual([{ name: "web-app-tmp", mountPath: "/tmp" }]);
      });

      test("pinhole TLS material as in the wosp profile: on boundary pods, the client CA on tier 2 only", () => {
        const wospSidecar = named(wospWorkload.containers, "xtra-wasm");
        const pinholeMounts = (container: Container) =>
          (container.volumeMounts ?? []).filter((mount) => mount.mountPath.startsWith("/etc/lane7/pinhole"));
        expect(pinholeMounts(envoy)).toEqual(pinholeMounts(wospSidecar));
        const pinholeVolumes = (volumes: typeof workload.volumes) =>
          volumes.filter((candidate) => candidate.name.startsWith("pinhole"));
        expect(pinholeVolumes(workload.volumes)).toEqual(pinholeVolumes(wospWorkload.volumes));
        expect(pinholeVolumes(workload.volumes)).toHaveLength(pod.pinhole ? pod.pinhole.tier : 0);
      });

      test("every mount has its volume and every volume is mounted; Envoy, which writes no file, has no /tmp", () => {
        const volumes = workload.volumes.map((volume) => volume.name);
        const mounted = workload.containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name));
        expect(new Set(mounted)).toEqual(new Set(volumes));
        expect(new Set(volumes).size).toBe(volumes.length);
        expect(envoy.volumeMounts?.some((mount) => mount.mountPath === "/tmp")).toBe(false);
      });

      test("Envoy listens on the WoSP sidecar's ports, probed on its health listener, in the restricted context", () => {
        const numbers = (container: Container) => (container.ports ?? []).map((port) => port.containerPort);
        const wospSidecar = named(wospWorkload.containers, "xtra-wasm");
        expect(numbers(envoy)).toEqual(numbers(wospSidecar));
        expect(JSON.stringify(envoy.ports)).not.toContain("wosp");
        const health = envoy.ports?.find((port) => port.containerPort === 9902)?.name;
        for (const probe of [envoy.readinessProbe, envoy.livenessProbe]) {
          expect(probe?.httpGet).toEqual({ path: "/ready", port: health });
        }
        expect({ ...envoy.readinessProbe, ...envoy.livenessProbe, httpGet: undefined }).toEqual({
          ...wospSidecar.readinessProbe,
          ...wospSidecar.livenessProbe,
          httpGet: undefined,
        });
        expect(envoy.securityContext).toEqual(wospSidecar.securityContext);
        expect(envoy.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
      });

      test("the Services reach Envoy's listeners, and the NetworkPolicy is the wosp profile's", () => {
        expect(servicePorts(workload.services, envoy)).toEqual(
          servicePorts(wospWorkload.services, named(wospWorkload.containers, "xtra-wasm")),
        );
        expect(workload.policy).toEqual(wospWorkload.policy);
      });
    },
  );
});

describe("the Envoy config hash of the pod template", () => {
  const [[, model]] = openMtlsModels() as [[string, BlueprintModel]];
  const pod = model.pods[0] as PodModel;
  const hashOf = (data: Record<string, string>): string | undefined => {
    const configMap: ConfigMap = { apiVersion: "v1", kind: "ConfigMap", data };
    const deployment = renderDeployment(model, pod, OPTIONS, configMap);
    return deployment.spec?.template.metadata?.annotations?.[ENVOY_CONFIG_HASH_ANNOTATION];
  };
  const files = { "envoy.yaml": ENVOY_YAML, "sds-a.yaml": "a: 1\n", "sds-b.yaml": "b: 1\n" };

  test("changes when any file of the Envoy ConfigMap changes, is added or goes", () => {
    const hash = hashOf(files);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf({ ...files })).toBe(hash);
    expect(hashOf({ ...files, "sds-b.yaml": "b: 2\n" })).not.toBe(hash);
    expect(hashOf({ ...files, "sds-c.yaml": "" })).not.toBe(hash);
    expect(hashOf({ "envoy.yaml": ENVOY_YAML, "sds-a.yaml": "a: 1\n" })).not.toBe(hash);
    expect(hashOf({ ...files, "envoy.yaml": `${ENVOY_YAML}# changed\n` })).not.toBe(hash);
    // One file's content cannot pass for the next file's name.
    expect(hashOf({ "envoy.yaml": "", "a.yaml": "b.yaml", "c.yaml": "" })).not.toBe(
      hashOf({ "envoy.yaml": "", "a.yaml": "", "b.yamlc.yaml": "" }),
    );
  });

  test("is the bootstrap's own sha256 for a ConfigMap of the bootstrap alone, as wosp pods have always had", () => {
    expect(hashOf({ "envoy.yaml": ENVOY_YAML })).toBe(createHash("sha256").update(ENVOY_YAML).digest("hex"));
  });

  test("covers what the rendered ConfigMap holds", () => {
    const objects = renderWorkload(model, pod, OPTIONS, ENVOY_YAML);
    const configMap = objects.find((object): object is ConfigMap => object.kind === "ConfigMap");
    const deployment = objects.find((object): object is Deployment => object.kind === "Deployment");
    expect(deployment?.spec?.template.metadata?.annotations?.[ENVOY_CONFIG_HASH_ANNOTATION]).toBe(
      hashOf(configMap?.data ?? {}),
    );
  });
});
