import type { Rule } from "../rule.js";

/** `at-least-one-initiator`: a network needs an entry point where tasks begin. */
export const atLeastOneInitiatorRule: Rule = {
  id: "at-least-one-initiator",
  graph: true,
  check({ pods }, report) {
    if (pods.some(({ pod }) => pod.role === "initiator")) return;
    report(
      ["spec", "pods"],
      "the network has no initiator",
      "give the entry pod `role: initiator`; tasks start there (POST /trigger or the auto-trigger)",
      { key: true },
    );
  },
};
