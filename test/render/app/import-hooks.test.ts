import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PodModel } from "../../../src/model/model.js";
import { renderAppFiles } from "../../../src/render/app/index.js";
import { renderReadme } from "../../../src/render/readme/readme.js";
import { APP_CONTROL_PORT, APP_PORT } from "../../../src/spec/constants.js";
import { findPython, hasModules, NO_PYTHON_REASON } from "../../support/python.js";
import { realTool } from "../../support/real-tools.js";
import { exampleModel, exampleNames, fileContent, OPTIONS, podOf } from "./networks.js";

const python = findPython();
const pytest =
  python && realTool("pytest in the pinned Python", hasModules(python, ["pytest"]) ? python : null);

/** What a pod's place in the network makes of it: every one of these needs its own Section 1. */
function kind(pod: PodModel): string {
  if (pod.role === "initiator") return pod.upstream.length > 0 ? "initiator completing a cycle" : "initiator";
  if (pod.role === "aggregator") return pod.isExit ? "aggregator at an exit" : "aggregator";
  return pod.role;
}

const HOOKS: Record<PodModel["role"], string[]> = {
  initiator: ["on_trigger"],
  relay: ["on_receive_relay"],
  aggregator: ["on_aggregate"],
  terminator: ["on_receive_terminator"],
};

function hooks(pod: PodModel): string[] {
  return kind(pod) === "initiator completing a cycle" ? [...HOOKS.initiator, "on_complete"] : HOOKS[pod.role];
}

/** One app.py to import: where it is written, the hooks to await, and the composed values it must hold. */
interface ImportCase {
  id: string;
  path: string;
  hooks: string[];
  defaults: Record<string, unknown>;
}

function importCases(dir: string): { cases: ImportCase[]; pods: PodModel[] } {
  const pods: PodModel[] = [];
  const cases = exampleNames().flatMap((name) => {
    const model = exampleModel(name);
    return model.pods.map((pod) => {
      pods.push(pod);
      const path = join(dir, name, pod.id, "app.py");
      mkdirSync(join(dir, name, pod.id), { recursive: true });
      writeFileSync(path, fileContent(renderAppFiles(model, pod, OPTIONS), `${pod.id}/app/app.py`));
      const defaults: Record<string, unknown> = {
        POD_ID: pod.id,
        NETWORK: model.name,
        CONTROL_PORT: APP_CONTROL_PORT,
      };
      if (pod.upstream.length > 0) defaults.APP_PORT = APP_PORT;
      if (pod.downstream.length > 0)
        defaults.EGRESS_PORT_MAP = Object.fromEntries(
          pod.downstream.map((route) => [route.pod, route.egressPort]),
        );
      return { id: `${name}/${pod.id}`, path, hooks: hooks(pod), defaults };
    });
  });
  return { cases, pods };
}

/**
 * The generated test, as a bundle's user would write one: each app.py imported by path (a fresh module every
 * time) must print nothing, leave logging alone and open no socket, and its hooks' stubs answer at once.
 */
const PYTEST_FILE = `
import asyncio
import importlib.util
import json
import logging
import pathlib
import socket
import sys

import pytest

CASES = json.loads((pathlib.Path(__file__).parent / "cases.json").read_text())
MESSAGE = {"task_id": "t-1", "trail": ["upstream"], "x": 1}
PARTIALS = [{"task_id": "t-1", "trail": ["a"], "a": 1}, {"task_id": "t-1", "trail": ["b"], "b": 2}]
# Each hook's sample input, and what its stub returns for it.
SAMPLES = {
    "on_trigger": (({"x": 1}, {}), {"x": 1}),
    "on_receive_relay": ((MESSAGE,), MESSAGE),
    "on_aggregate": ((PARTIALS,), {"branches": PARTIALS}),
    "on_complete": ((MESSAGE,), MESSAGE),
    "on_receive_terminator": ((MESSAGE,), MESSAGE),
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("app.py used the network")

    for name in ("bind", "connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def root_logger():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


def load(case, number=[0]):
    number[0] += 1
    name = f"app_{number[0]}"
    spec = importlib.util.spec_from_file_location(name, case["path"])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def receiving():
    return next(case for case in CASES if "APP_PORT" in case["defaults"])


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_import_defines_only_and_the_hooks_answer(case, capfd):
    module = load(case)
    assert capfd.readouterr() == ("", "")
    assert logging.getLogger().handlers == []
    assert logging.getLogger().level == logging.WARNING
    for name, value in case["defaults"].items():
        assert getattr(module, name) == value, name
    for hook in case["hooks"]:
        args, expected = SAMPLES[hook]
        assert asyncio.run(getattr(module, hook)(*args)) == expected, hook
    assert capfd.readouterr() == ("", "")


def test_import_leaves_the_environment_to_configure(monkeypatch):
    for name, value in {"LANE7_POD_ID": "elsewhere", "APP_PORT": "abc", "APP_CONTROL_PORT": "8000"}.items():
        monkeypatch.setenv(name, value)
    case = receiving()
    module = load(case)
    assert (module.POD_ID, module.APP_PORT) == (case["defaults"]["POD_ID"], 8000)


def test_configure_reads_the_environment_then_sets_up_the_log(root_logger):
    module = load(receiving())
    module.configure({"LANE7_POD_ID": "elsewhere", "APP_PORT": "9100", "APP_CONTROL_PORT": "9101"})
    assert (module.POD_ID, module.APP_PORT, module.CONTROL_PORT) == ("elsewhere", 9100, 9101)
    assert module.log.name == "elsewhere"
    assert len(root_logger.handlers) == 1 and root_logger.level == logging.INFO


def test_configure_rejects_a_bad_value_before_the_log_is_set_up(root_logger):
    module = load(receiving())
    with pytest.raises(SystemExit) as stopped:
        module.configure({"APP_PORT": "abc"})
    assert str(stopped.value) == "APP_PORT='abc': invalid literal for int() with base 10: 'abc'"
    assert root_logger.handlers == []
`;

/** Quiet, and leaving nothing behind in the directory it tests (the bytecode is left out by -B). */
const PYTEST_ARGS = ["-q", "-p", "no:cacheprovider"];

/**
 * The pinned Python with `args` in `dir`, and nothing but PATH in its environment. The pytest.ini there
 * makes `dir` pytest's root: no configuration from the directories above it applies.
 */
function runIn(dir: string, args: string[]) {
  writeFileSync(join(dir, "pytest.ini"), "[pytest]\n");
  return spawnSync(pytest ?? "", ["-B", ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH },
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe.skipIf(!pytest)(
  `Section 1 under pytest${pytest ? "" : ` (skipped: ${python ? "no pytest" : NO_PYTHON_REASON})`}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), "lane7-app-import-"));
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it("imports every example's app.py with no side effects and awaits its hooks", () => {
      const { cases, pods } = importCases(dir);
      expect(new Set(pods.map(kind))).toEqual(
        new Set([
          "initiator",
          "initiator completing a cycle",
          "relay",
          "aggregator",
          "aggregator at an exit",
          "terminator",
        ]),
      );
      const listening = pods.filter((pod) => pod.upstream.length > 0).map((pod) => pod.protocol);
      expect(new Set(listening)).toEqual(new Set(["http", "websocket", "grpc"]));
      writeFileSync(join(dir, "cases.json"), JSON.stringify(cases));
      writeFileSync(join(dir, "test_section1.py"), PYTEST_FILE);
      const result = runIn(dir, ["-m", "pytest", ...PYTEST_ARGS, "-p", "no:logging", "test_section1.py"]);
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^${cases.length + 3} passed`, "m"));
    });

    it("the README's test_app.py passes beside the initiator's app.py, run by Python and by pytest", () => {
      const model = exampleModel("agentic-ai");
      const readme = renderReadme(model, OPTIONS).content;
      const section = readme.slice(readme.indexOf("## Testing Section 1"));
      const test = /```python\n([\s\S]*?)```/.exec(section)?.[1];
      expect(section).toContain("beside `ai-gateway/app/app.py`");
      const podDir = join(dir, "readme", "ai-gateway");
      mkdirSync(podDir, { recursive: true });
      const files = renderAppFiles(model, podOf(model, "ai-gateway"), OPTIONS);
      writeFileSync(join(podDir, "app.py"), fileContent(files, "ai-gateway/app/app.py"));
      writeFileSync(join(podDir, "test_app.py"), test ?? "");
      const script = runIn(podDir, ["test_app.py"]);
      expect([script.status, script.stdout, script.stderr]).toEqual([0, "", ""]);
      const run = runIn(podDir, ["-m", "pytest", ...PYTEST_ARGS]);
      expect(run.stdout, run.stderr).toMatch(/^1 passed/m);
    });
  },
);
