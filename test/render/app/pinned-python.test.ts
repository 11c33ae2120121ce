import { describe, expect, it } from "vitest";
import { findPython, NO_PYTHON_REASON, runPython } from "../../support/python.js";
import { appFiles, exampleModel, exampleNames } from "./networks.js";

const python = findPython();

/** Every `name==version` line of every requirements.txt the example bundles hold, without repeats. */
function bundlePins(): string[] {
  const files = exampleNames().flatMap((name) => appFiles(exampleModel(name)));
  const lines = files
    .filter((file) => file.path.endsWith("/requirements.txt"))
    .flatMap((file) => file.content.split("\n"))
    .filter((line) => line.includes("=="));
  return [...new Set(lines)].sort();
}

const INSTALLED = `
import sys
from importlib.metadata import version
print("\\n".join(f"{name}=={version(name)}" for name in sys.argv[1:]))
`;

describe.skipIf(!python)(
  `the Python the tests run app.py with${python ? "" : ` (skipped: ${NO_PYTHON_REASON})`}`,
  () => {
    it("has exactly the aiohttp and grpcio versions a bundle's requirements.txt pins", () => {
      const pins = bundlePins();
      expect(pins.map((pin) => pin.split("==")[0])).toEqual(["aiohttp", "grpcio"]);
      const names = pins.map((pin) => pin.split("==")[0] ?? "");
      const installed = runPython(python ?? "", INSTALLED, names)
        .trim()
        .split("\n");
      expect(installed, "the pins changed: rerun scripts/install-test-tools.sh").toEqual(pins);
    });
  },
);
