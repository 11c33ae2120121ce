import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The README shows docs/rbac.yaml (which test/cluster/rbac.test.ts checks on a real API server) as it is. */
describe("docs/rbac.yaml in the README", () => {
  it("is shown whole and unchanged", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const rbac = readFileSync(new URL("../../docs/rbac.yaml", import.meta.url), "utf8");
    expect(readme).toContain(`\`\`\`yaml\n${rbac}\`\`\`\n`);
  });
});
