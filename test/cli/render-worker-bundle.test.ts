import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.js";

/** Each render worker loads its bundle on every large compose: it holds the renderers only (requires `npm run build`). */
describe("the render worker's bundle", () => {
  it("holds no zod (it writes records and never validates one)", () => {
    expect(readFileSync(join(ROOT, "dist/bundle/render-worker.js"), "utf8")).not.toContain("_zod");
  });
});
