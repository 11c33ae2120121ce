import { describe, expect, it } from "vitest";
import { diffValues } from "../../src/diff/object-diff.js";

describe("diffValues", () => {
  it("finds nothing between equal values, whatever their key order", () => {
    expect(diffValues({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it("keys list items by name, then by id, ignoring their order", () => {
    const old = {
      containers: [
        { name: "web-app", image: "a" },
        { name: "sidecar", image: "s" },
      ],
    };
    const next = {
      containers: [{ name: "sidecar", image: "s" }, { name: "web-app", image: "b" }, { name: "new" }],
    };
    expect(diffValues(old, next)).toEqual([
      { path: "containers[web-app].image", change: "changed", old: "a", new: "b" },
      { path: "containers[new]", change: "added", new: { name: "new" } },
    ]);
    expect(diffValues({ pods: [{ id: "p1", role: "relay" }] }, { pods: [] })).toEqual([
      { path: "pods[p1]", change: "removed", old: { id: "p1", role: "relay" } },
    ]);
  });

  it("keys edges by their ends", () => {
    const edge = (from: string, to: string, port: number) => ({ from, to, egressPort: port });
    const old = { edges: [edge("a", "b", 1), edge("a", "c", 2)] };
    const next = { edges: [edge("a", "d", 1), edge("a", "b", 2), edge("a", "c", 3)] };
    expect(diffValues(old, next)).toEqual([
      { path: "edges[a→d]", change: "added", new: edge("a", "d", 1) },
      { path: "edges[a→b].egressPort", change: "changed", old: 1, new: 2 },
      { path: "edges[a→c].egressPort", change: "changed", old: 2, new: 3 },
    ]);
  });

  it("compares unnamed lists of objects by index and lists of scalars whole", () => {
    expect(diffValues({ rules: [{ port: 1 }] }, { rules: [{ port: 2 }, { port: 3 }] })).toEqual([
      { path: "rules[0].port", change: "changed", old: 1, new: 2 },
      { path: "rules[1]", change: "added", new: { port: 3 } },
    ]);
    expect(diffValues({ args: ["a", "b"] }, { args: ["a", "c", "b"] })).toEqual([
      { path: "args", change: "changed", old: ["a", "b"], new: ["a", "c", "b"] },
    ]);
  });

  it("quotes keys that are not plain names", () => {
    expect(diffValues({ labels: { "lane7.dev/pod": "a" } }, { labels: { "lane7.dev/pod": "b" } })).toEqual([
      { path: 'labels["lane7.dev/pod"]', change: "changed", old: "a", new: "b" },
    ]);
  });

  it("enters YAML under a .yaml key and JSON in any string", () => {
    const old = {
      data: { "envoy.yaml": "listeners:\n  - name: ingress\n    port: 1\n" },
      value: '{"mode":"x"}',
    };
    const next = {
      data: { "envoy.yaml": "listeners:\n  - name: ingress\n    port: 2\n" },
      value: '{"mode":"y"}',
    };
    expect(diffValues(old, next)).toEqual([
      { path: 'data["envoy.yaml"] › listeners[ingress].port', change: "changed", old: 1, new: 2 },
      { path: "value › mode", change: "changed", old: "x", new: "y" },
    ]);
  });

  it("reports a string that stops being a document as a plain change", () => {
    expect(diffValues({ v: '{"a":1}' }, { v: "{oops" })).toEqual([
      { path: "v", change: "changed", old: '{"a":1}', new: "{oops" },
    ]);
  });
});
