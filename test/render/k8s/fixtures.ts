import { parseAllDocuments } from "yaml";

/** Stands in for the Envoy renderer's output, which this renderer carries verbatim. */
export const ENVOY_YAML = "static_resources:\n  listeners: []\n  clusters: []\n";

/** A manifest file as kubectl reads it: every document, parsed as YAML 1.1. */
export function documentsOf(content: string): unknown[] {
  return parseAllDocuments(content, { version: "1.1" }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors.map((error) => error.message).join("; "));
    return doc.toJS() as unknown;
  });
}

/** Ids a YAML 1.1 reader takes for booleans unless they are quoted. */
export const YAML11_NETWORK = `
apiVersion: lane7/v1
kind: Network
metadata:
  name: "on"
spec:
  pods:
    - { id: "on", role: initiator, pinhole: { tier: 1 } }
    - { id: "no", role: relay, protocol: grpc }
    - { id: "y", role: terminator, pinhole: { tier: 2, port: 19443 } }
  edges:
    - { from: "on", to: "no" }
    - { from: "no", to: "y" }
    - { from: "on", to: "y" }
`;
