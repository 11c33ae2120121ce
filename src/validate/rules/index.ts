import type { Rule } from "../rule.js";
import { atLeastOneInitiatorRule } from "./at-least-one-initiator.js";
import { cycleRule } from "./cycle.js";
import { modeProfileRule } from "./mode-profile.js";
import { modeProtocolRule } from "./mode-protocol.js";
import { nameRule } from "./name.js";
import { pinholePortRule } from "./pinhole-port.js";
import { pinholeRoleRule } from "./pinhole-role.js";
import { reachableRule } from "./reachable.js";
import { roleDegreeRule } from "./role-degree.js";
import { selfEdgeRule } from "./self-edge.js";
import { uniqueEdgeRule } from "./unique-edge.js";
import { uniquePodRule } from "./unique-pod.js";
import { unknownPodRule } from "./unknown-pod.js";

/** Every rule after the schema, in the order the README's rules table lists them. */
export const RULES: readonly Rule[] = [
  nameRule,
  uniquePodRule,
  uniqueEdgeRule,
  selfEdgeRule,
  unknownPodRule,
  roleDegreeRule,
  reachableRule,
  cycleRule,
  modeProtocolRule,
  modeProfileRule,
  pinholeRoleRule,
  pinholePortRule,
  atLeastOneInitiatorRule,
];
