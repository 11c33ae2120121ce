import { podPath, type Rule } from "../rule.js";

/** `mode-protocol`: armored-car rotates keys per HTTP request, so every pod must speak HTTP. */
export const modeProtocolRule: Rule = {
  id: "mode-protocol",
  graph: false,
  check({ mode, profile, pods }, report) {
    // In the open-mtls profile a declared mode is mode-profile's finding, and means nothing here.
    if (mode !== "armored-car" || profile !== "wosp") return;
    for (const { index, pod } of pods) {
      if ((pod.protocol ?? "http") === "http") continue;
      report(
        podPath(index, "protocol"),
        `pod \`${pod.id}\` uses ${pod.protocol ?? "http"}, but armored-car mode is HTTP only`,
        "use `mode: armored-tunnel` (per-session rotation, all protocols) or make this pod `protocol: http`",
      );
    }
  },
};
