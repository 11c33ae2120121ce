/**
 * The real consumers of lane7's output (an API server, Envoy's validation rules, the pinned Python,
 * Checkov) are built by scripts/install-test-tools.sh. Locally a missing one skips its group with one
 * line saying what is missing and how to install it; under LANE7_REQUIRE_REAL_TOOLS=1 (CI) it fails.
 */
export function realTool<T>(
  name: string,
  found: T | null,
  install = "scripts/install-test-tools.sh",
): T | null {
  if (found !== null) return found;
  const message = `${name} is missing: run ${install}`;
  if (process.env.LANE7_REQUIRE_REAL_TOOLS === "1") throw new Error(`LANE7_REQUIRE_REAL_TOOLS=1: ${message}`);
  console.warn(`skipping: ${message}`);
  return null;
}

export const TOOLS_DIR = new URL("../../.tools/", import.meta.url).pathname;
