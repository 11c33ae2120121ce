import type { Rule } from "../rule.js";

/**
 * `mode-profile`: armored-tunnel and armored-car are how the WoSP sidecar rotates its keys; the open-mtls
 * profile has no such modes, so a declared mode there would promise what nothing enforces.
 */
export const modeProfileRule: Rule = {
  id: "mode-profile",
  graph: false,
  check({ modeDeclared, profile }, report) {
    if (!modeDeclared || profile === "wosp") return;
    report(
      ["spec", "mode"],
      `\`spec.mode\` applies to the wosp profile only, but \`spec.security.profile\` is ${profile}`,
      "remove `mode`: the open-mtls profile has no modes (its sidecars use mutual TLS with cert-manager certificates); or use `profile: wosp`",
      { key: true },
    );
  },
};
