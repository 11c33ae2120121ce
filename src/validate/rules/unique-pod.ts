import { podPath, type Rule } from "../rule.js";

/** `unique-pod`: each pod id is declared once. */
export const uniquePodRule: Rule = {
  id: "unique-pod",
  graph: false,
  check({ pods, graph }, report) {
    for (const { index, pod } of pods) {
      const first = graph.pods.get(pod.id);
      if (first && first.index !== index) {
        report(
          podPath(index, "id"),
          `pod \`${pod.id}\` is declared twice (first as spec.pods[${first.index}])`,
          "give each pod its own id, or merge the two declarations",
        );
      }
    }
  },
};
