import type { RuleId } from "./finding.js";

/** One line per rule, for SARIF rule metadata and help output. Keep in step with the README's rule table. */
export const RULE_SUMMARIES: Record<RuleId, string> = {
  yaml: "The file is well-formed YAML: one document, no duplicate keys, bounded alias expansion.",
  schema: "The description matches the lane7/v1 schema: shape, types, enums, required and unknown keys.",
  name: "The network name and every pod id are DNS-1035 labels; each derived namespace fits in 63 characters.",
  "unique-pod": "Every pod id is declared once.",
  "unique-edge": "Every edge is declared once.",
  "self-edge": "No edge goes from a pod to itself.",
  "unknown-pod": "Both ends of every edge are declared pods.",
  "role-degree":
    "Each role has the edges it needs: initiator ≥1 out; relay ≥1 in and ≥1 out; aggregator ≥2 in; terminator ≥1 in and 0 out.",
  reachable: "Every pod can be reached from an initiator.",
  cycle: "Every cycle passes through an initiator; any other cycle would pass messages round forever.",
  "mode-protocol": "Armored-car networks are HTTP only.",
  "mode-profile": "spec.mode (armored-tunnel, armored-car) applies to the wosp security profile only.",
  "pinhole-role": "Pinholes only on initiators and exits (terminators, aggregators without downstream).",
  "pinhole-port": "A pinhole port is in 1024-65535 and clear of the ports the pod itself uses.",
  "at-least-one-initiator": "The network has at least one initiator, where tasks begin.",
};
