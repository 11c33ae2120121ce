import { describe, expect, test } from "vitest";
import { kubernetesSchemaErrors } from "../../support/k8s-schema.js";
import { restrictedViolations, type Control, type PodTemplate } from "../../support/pod-security.js";

/** The validators must reject what they exist to reject, or every "valid" verdict means nothing. */
describe("kubernetesSchemaErrors", () => {
  const valid = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "a", namespace: "n", labels: { x: "y" } },
    spec: { selector: { x: "y" }, ports: [{ name: "p", port: 18000, targetPort: "p", protocol: "TCP" }] },
  };

  test("accepts a valid object", () => {
    expect(kubernetesSchemaErrors(valid)).toEqual([]);
  });

  test("rejects an unknown field at any depth", () => {
    const broken = { ...valid, spec: { ...valid.spec, ports: [{ ...valid.spec.ports[0], targetPrt: 1 }] } };
    expect(kubernetesSchemaErrors(broken)).toEqual([
      ".spec.ports[0].targetPrt: unknown field (not in V1ServicePort)",
    ]);
  });

  test("rejects client-node's generator-only spelling of NetworkPolicy `from`", () => {
    const policy = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "a" },
      spec: { podSelector: {}, ingress: [{ _from: [{ podSelector: {} }] }] },
    };
    expect(kubernetesSchemaErrors(policy)).toEqual([
      ".spec.ingress[0]._from: unknown field (not in V1NetworkPolicyIngressRule)",
    ]);
  });

  test("rejects a wrong type, in both layers", () => {
    const broken = { ...valid, spec: { ...valid.spec, ports: [{ port: "18000" }] } };
    const errors = kubernetesSchemaErrors(broken);
    expect(errors.some((error) => error.startsWith("schema:") && error.includes("port"))).toBe(true);
    expect(errors).toContain('.spec.ports[0].port: expected integer, got "18000"');
  });

  test("rejects a YAML 1.1 boolean where a string belongs", () => {
    const broken = { ...valid, metadata: { ...valid.metadata, labels: { "lane7.dev/pod": true } } };
    expect(kubernetesSchemaErrors(broken)).toContain(
      ".metadata.labels.lane7.dev/pod: expected string, got true",
    );
  });

  test("rejects a missing required field", () => {
    const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "a" }, spec: {} };
    const errors = kubernetesSchemaErrors(deployment);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/must have required property selector.*must have required property template/);
  });

  test("rejects names and labels the API server would refuse", () => {
    const longName = { ...valid, metadata: { ...valid.metadata, name: `a${"b".repeat(63)}` } };
    expect(kubernetesSchemaErrors(longName)).toEqual([".metadata.name: not a DNS label-1035"]);
    const digitFirst = { ...valid, metadata: { ...valid.metadata, name: "1a" } };
    expect(kubernetesSchemaErrors(digitFirst)).toEqual([".metadata.name: not a DNS label-1035"]);
    const badLabel = { ...valid, spec: { ...valid.spec, selector: { x: "not valid!" } } };
    expect(kubernetesSchemaErrors(badLabel)).toEqual([".spec.selector.x: not a valid label"]);
    const badNamespace = { ...valid, metadata: { ...valid.metadata, namespace: "Upper" } };
    expect(kubernetesSchemaErrors(badNamespace)).toEqual([".metadata.namespace: not a DNS label"]);
  });

  test("rejects a kind it has no schema for instead of passing it", () => {
    expect(
      kubernetesSchemaErrors({ apiVersion: "v1", kind: "Nonsense", metadata: { name: "a" } }),
    ).toHaveLength(1);
    expect(kubernetesSchemaErrors("just a string")).toHaveLength(1);
  });
});

describe("restrictedViolations", () => {
  const compliant = (): PodTemplate => ({
    metadata: { annotations: {} },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "c",
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
          ports: [{ containerPort: 8080 }],
        },
      ],
      volumes: [{ name: "v", emptyDir: {} }],
    },
  });
  const controls = (template: PodTemplate): Control[] =>
    restrictedViolations(template).map((violation) => violation.control);
  const withPod = (edit: (spec: NonNullable<PodTemplate["spec"]>) => void): PodTemplate => {
    const template = compliant();
    if (template.spec) edit(template.spec);
    return template;
  };
  const container = (spec: NonNullable<PodTemplate["spec"]>) => {
    const first = spec.containers[0];
    if (!first?.securityContext) throw new Error("fixture has a container with a security context");
    return first;
  };

  test("admits a compliant pod", () => {
    expect(restrictedViolations(compliant())).toEqual([]);
  });

  const cases: [string, Control | Control[], (spec: NonNullable<PodTemplate["spec"]>) => void][] = [
    ["hostNetwork", "hostNamespaces", (s) => (s.hostNetwork = true)],
    ["hostPID", "hostNamespaces", (s) => (s.hostPID = true)],
    ["hostIPC", "hostNamespaces", (s) => (s.hostIPC = true)],
    [
      "hostProcess",
      "hostProcess",
      (s) =>
        (container(s).securityContext = {
          ...container(s).securityContext,
          windowsOptions: { hostProcess: true },
        }),
    ],
    [
      "privileged",
      "privileged",
      (s) => (container(s).securityContext = { ...container(s).securityContext, privileged: true }),
    ],
    [
      "no drop ALL",
      "capabilities",
      (s) => (container(s).securityContext = { ...container(s).securityContext, capabilities: {} }),
    ],
    [
      "add NET_ADMIN",
      "capabilities",
      (s) =>
        (container(s).securityContext = {
          ...container(s).securityContext,
          capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] },
        }),
    ],
    [
      "hostPath volume",
      ["hostPathVolumes", "volumeTypes"],
      (s) => (s.volumes = [{ name: "h", hostPath: { path: "/" } }]),
    ],
    ["nfs volume", "volumeTypes", (s) => (s.volumes = [{ name: "n", nfs: { server: "x", path: "/" } }])],
    ["hostPort", "hostPorts", (s) => (container(s).ports = [{ containerPort: 80, hostPort: 80 }])],
    [
      "AppArmor unconfined",
      "appArmor",
      (s) => (s.securityContext = { ...s.securityContext, appArmorProfile: { type: "Unconfined" } }),
    ],
    [
      "SELinux custom type",
      "seLinux",
      (s) => (s.securityContext = { ...s.securityContext, seLinuxOptions: { type: "spc_t" } }),
    ],
    [
      "SELinux user",
      "seLinux",
      (s) =>
        (container(s).securityContext = {
          ...container(s).securityContext,
          seLinuxOptions: { user: "root" },
        }),
    ],
    [
      "unmasked /proc",
      "procMount",
      (s) => (container(s).securityContext = { ...container(s).securityContext, procMount: "Unmasked" }),
    ],
    [
      "seccomp unconfined",
      "seccomp",
      (s) =>
        (container(s).securityContext = {
          ...container(s).securityContext,
          seccompProfile: { type: "Unconfined" },
        }),
    ],
    [
      "no seccomp at all",
      "seccomp",
      (s) => (s.securityContext = { ...s.securityContext, seccompProfile: undefined }),
    ],
    [
      "unsafe sysctl",
      "sysctls",
      (s) => (s.securityContext = { ...s.securityContext, sysctls: [{ name: "kernel.msgmax", value: "1" }] }),
    ],
    [
      "allowPrivilegeEscalation unset",
      "allowPrivilegeEscalation",
      (s) => (container(s).securityContext = { capabilities: { drop: ["ALL"] } }),
    ],
    [
      "runAsNonRoot unset",
      "runAsNonRoot",
      (s) => (s.securityContext = { ...s.securityContext, runAsNonRoot: undefined }),
    ],
    [
      "runAsNonRoot false on a container",
      "runAsNonRoot",
      (s) => (container(s).securityContext = { ...container(s).securityContext, runAsNonRoot: false }),
    ],
    [
      "runAsUser 0",
      "runAsUser",
      (s) => (container(s).securityContext = { ...container(s).securityContext, runAsUser: 0 }),
    ],
  ];

  test.each(cases)("rejects %s", (_name, control, edit) => {
    expect(controls(withPod(edit))).toEqual(typeof control === "string" ? [control] : control);
  });

  test("rejects an AppArmor annotation other than runtime/default or localhost/*", () => {
    const template = compliant();
    template.metadata = { annotations: { "container.apparmor.security.beta.kubernetes.io/c": "unconfined" } };
    expect(controls(template)).toEqual(["appArmor"]);
  });

  test("checks init and ephemeral containers too", () => {
    const template = withPod((s) => {
      s.initContainers = [
        {
          name: "i",
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            privileged: true,
          },
        },
      ];
    });
    expect(restrictedViolations(template)).toEqual([
      {
        control: "privileged",
        path: "spec.initContainers[0].securityContext.privileged",
        message: "must not be true",
      },
    ]);
  });
});
