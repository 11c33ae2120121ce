import type { CoreV1Event, V1Deployment, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { diagnose, rolledOut, type PodState } from "../../src/cluster/diagnosis.js";
import { summarize } from "../../src/cluster/pod-summary.js";

/**
 * Why a pod is not rolled out, from Kubernetes objects as the API returns them (as JSON, so plain
 * objects: client-node's classes add nothing the code reads).
 */
function deployment(status: Record<string, unknown>, generation = 1): V1Deployment {
  return JSON.parse(
    JSON.stringify({
      metadata: { name: "sink", generation },
      spec: { replicas: 1, selector: {}, template: {} },
      status,
    }),
  ) as V1Deployment;
}

const NOT_READY = { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 0 };
const READY = { ...NOT_READY, readyReplicas: 1, availableReplicas: 1 };

function pod(spec: Record<string, unknown>, status: Record<string, unknown>): V1Pod {
  return JSON.parse(
    JSON.stringify({
      metadata: { name: "sink-5d8f9-abcde", namespace: "net-sink-ns" },
      spec: { containers: [{ name: "web-app", image: "registry.example.com/net/sink:0.1.0" }], ...spec },
      status,
    }),
  ) as V1Pod;
}

function event(reason: string, kind: string, name: string, message: string, at: string): CoreV1Event {
  return JSON.parse(
    JSON.stringify({
      metadata: { name: `${name}.${reason}` },
      type: "Warning",
      reason,
      message,
      count: 3,
      lastTimestamp: at,
      involvedObject: { kind, name },
    }),
  ) as CoreV1Event;
}

function state(live: V1Deployment | null, pods: V1Pod[] = [], events: CoreV1Event[] = []): PodState {
  return { id: "sink", namespace: "net-sink-ns", deployment: live, pods, events };
}

const onNode = { nodeName: "node-1" };

describe("diagnose", () => {
  it("a rolled-out Deployment has no problem; one of an older generation, or short of ready replicas, is not", () => {
    expect(rolledOut(deployment(READY))).toBe(true);
    expect(diagnose(state(deployment(READY)))).toEqual([]);
    expect(rolledOut(deployment(READY, 2))).toBe(false);
    expect(rolledOut(deployment(NOT_READY))).toBe(false);
    expect(rolledOut(deployment({ ...READY, replicas: 2 }))).toBe(false);
  });

  it("no Deployment: missing", () => {
    expect(diagnose(state(null))).toEqual([
      { kind: "missing", message: "deployment sink is not on the cluster" },
    ]);
  });

  it("a Pod no scheduler placed, and one a scheduler found no node for", () => {
    const pending = pod({}, { phase: "Pending" });
    expect(diagnose(state(deployment(NOT_READY), [pending]))).toEqual([
      {
        kind: "unschedulable",
        pod: "sink-5d8f9-abcde",
        message: "Pending on no node: no scheduler has placed it (is a scheduler running, and a node ready?)",
      },
    ]);
    const unschedulable = pod(
      {},
      {
        phase: "Pending",
        conditions: [
          {
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message: "0/3 nodes are available: 3 Insufficient cpu.",
          },
        ],
      },
    );
    expect(diagnose(state(deployment(NOT_READY), [unschedulable]))[0]?.message).toBe(
      "Pending, unschedulable: 0/3 nodes are available: 3 Insufficient cpu.",
    );
  });

  it("an image that cannot be pulled names the container and the image", () => {
    const pulling = pod(onNode, {
      phase: "Pending",
      containerStatuses: [
        {
          name: "web-app",
          image: "registry.example.com/net/sink:0.1.0",
          imageID: "",
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: "ImagePullBackOff", message: "Back-off pulling image" } },
        },
      ],
    });
    expect(diagnose(state(deployment(NOT_READY), [pulling]))).toEqual([
      {
        kind: "image-pull",
        pod: "sink-5d8f9-abcde",
        message:
          "container web-app cannot pull registry.example.com/net/sink:0.1.0 (ImagePullBackOff): Back-off pulling image",
      },
    ]);
  });

  it("a crash loop gives the restarts and the last exit code", () => {
    const crashing = pod(onNode, {
      phase: "Running",
      containerStatuses: [
        {
          name: "xtra-wasm",
          image: "wosp",
          imageID: "",
          ready: false,
          restartCount: 7,
          state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s" } },
          lastState: { terminated: { exitCode: 1, reason: "Error" } },
        },
      ],
    });
    const [problem] = diagnose(state(deployment(NOT_READY), [crashing]));
    expect(problem).toEqual({
      kind: "crash-loop",
      pod: "sink-5d8f9-abcde",
      message: "container xtra-wasm is crash-looping (7 restarts, last exit code 1 (Error))",
    });
    expect(summarize(state(deployment(NOT_READY), [crashing])).restarts).toBe(7);
  });

  it("no Pod at all: the ReplicaSet's last FailedCreate says why (admission)", () => {
    const events = [
      event("FailedCreate", "ReplicaSet", "sink-5d8f9", "old refusal", "2026-01-01T00:00:00Z"),
      event(
        "FailedCreate",
        "ReplicaSet",
        "sink-5d8f9",
        'pods "sink-5d8f9-x" is forbidden: violates PodSecurity',
        "2026-01-01T00:01:00Z",
      ),
    ];
    const live = state(deployment({ observedGeneration: 1, replicas: 0 }), [], events);
    expect(diagnose(live)).toEqual([
      {
        kind: "admission",
        message: 'no Pod could be created: pods "sink-5d8f9-x" is forbidden: violates PodSecurity',
      },
    ]);
    expect(summarize(live).lastWarning).toEqual({
      object: "ReplicaSet/sink-5d8f9",
      reason: "FailedCreate",
      message: 'pods "sink-5d8f9-x" is forbidden: violates PodSecurity',
      count: 3,
    });
  });

  it("a running Pod that is not ready, and a Deployment whose progress deadline passed", () => {
    const running = pod(onNode, {
      phase: "Running",
      conditions: [
        { type: "Ready", status: "False", message: "containers with unready status: [xtra-wasm]" },
      ],
    });
    expect(diagnose(state(deployment(NOT_READY), [running]))[0]?.message).toBe(
      "on node node-1, not ready: containers with unready status: [xtra-wasm]",
    );
    const stalled = deployment({
      ...NOT_READY,
      conditions: [
        {
          type: "Progressing",
          status: "False",
          reason: "ProgressDeadlineExceeded",
          message: "ReplicaSet has timed out progressing.",
        },
      ],
    });
    expect(diagnose(state(stalled))).toEqual([
      { kind: "progressing", message: "ReplicaSet has timed out progressing." },
    ]);
  });
});
