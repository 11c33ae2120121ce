import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findPython, NO_PYTHON_REASON } from "../../support/python.js";
import { AppRunner, freePort, getJson, postJson, waitFor, waitForLine, type RunningApp } from "./harness.js";
import { exampleModel } from "./networks.js";

const python = findPython();
const model = exampleModel("bi-pod");

interface Output {
  count: number;
  results: { task_id: string; trail: string[] }[];
}

/** The bi-pod relay, each app's egress port wired straight to the other app (no sidecars). */
async function startBiPod(
  runner: AppRunner,
  extra: Record<string, string> = {},
): Promise<[RunningApp, RunningApp]> {
  const [port1, port2] = [await freePort(), await freePort()];
  const pod2 = await runner.start(model, "pod-2", {
    APP_PORT: `${port2}`,
    EGRESS_PORT_MAP: `{"pod-1": ${port1}}`,
  });
  const pod1 = await runner.start(model, "pod-1", {
    APP_PORT: `${port1}`,
    EGRESS_PORT_MAP: `{"pod-2": ${port2}}`,
    AUTO_TRIGGER_COUNT: "0",
    ...extra,
  });
  return [pod1, pod2];
}

/** pod-1 alone, its egress port pointing where pod-2 is not (yet) listening; `knobs` add to its environment. */
async function startPod1Alone(runner: AppRunner, knobs: Record<string, string>) {
  const [port1, port2] = [await freePort(), await freePort()];
  const env = { APP_PORT: `${port1}`, EGRESS_PORT_MAP: `{"pod-2": ${port2}}`, AUTO_TRIGGER_COUNT: "0" };
  const pod1 = await runner.start(model, "pod-1", { ...env, ...knobs });
  return { pod1, port1, port2 };
}

async function completed(app: RunningApp, count: number): Promise<Output> {
  return waitFor(`${count} completed task(s) at ${app.id}`, async () => {
    const output = (await getJson(`${app.controlUrl}/output`)) as Output;
    return output.count >= count ? output : undefined;
  });
}

describe.skipIf(!python)(`bi-pod apps on localhost${python ? "" : ` (skipped: ${NO_PYTHON_REASON})`}`, () => {
  let runner: AppRunner;
  beforeEach(() => {
    runner = new AppRunner(python ?? "");
  });
  afterEach(async () => {
    await runner.stopAll();
  });

  it("relays a triggered task to pod-2 and back, logging the whole trail", async () => {
    const [pod1, pod2] = await startBiPod(runner);
    const accepted = await postJson(`${pod1.controlUrl}/trigger`, { task_id: "baton-1", note: "hello" });
    expect(accepted).toEqual({ status: 202, body: { status: "accepted", task_id: "baton-1" } });

    const output = await completed(pod1, 1);
    expect(output.results).toEqual([
      { task_id: "baton-1", note: "hello", trail: ["pod-1", "pod-2", "pod-1"] },
    ]);
    expect(pod1.output()).toMatch(/ INFO pod-1 TASK baton-1 COMPLETE trail=\["pod-1","pod-2","pod-1"\]\n/);
    expect(pod2.output()).toMatch(/ INFO pod-2 RECEIVED task=baton-1 from=pod-1\n/);
    // pod-2 logs SENT once pod-1 has answered, which may be after pod-1 completed the task.
    await waitForLine(pod2, / INFO pod-2 SENT task=baton-1 to=pod-1\n/);
  });

  it("refuses a trigger body that is not a JSON object, and a malformed message", async () => {
    const [pod1, pod2] = await startBiPod(runner);
    expect((await postJson(`${pod1.controlUrl}/trigger`, [1, 2])).status).toBe(400);
    expect((await postJson(`${pod1.controlUrl}/trigger`, { task_id: "bad id\n" })).status).toBe(400);
    expect((await postJson(`${pod2.ingressUrl}/message`, { task_id: "t", trail: "pod-1" })).status).toBe(400);
    expect((await postJson(`${pod2.ingressUrl}/message`, { trail: ["pod-1"] })).status).toBe(400);
  });

  it("auto-triggers AUTO_TRIGGER_COUNT test tasks after AUTO_TRIGGER_DELAY, every AUTO_TRIGGER_INTERVAL", async () => {
    const [pod1] = await startBiPod(runner, {
      AUTO_TRIGGER_COUNT: "2",
      AUTO_TRIGGER_DELAY: "0.2",
      AUTO_TRIGGER_INTERVAL: "0.3",
    });
    const output = await completed(pod1, 2);
    expect(output.results.slice(0, 2).map((result) => result.trail)).toEqual([
      ["pod-1", "pod-2", "pod-1"],
      ["pod-1", "pod-2", "pod-1"],
    ]);
    expect(output.results[0]).toMatchObject({ auto_trigger: 1 });
    // then no more: three intervals later, still two
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(((await getJson(`${pod1.controlUrl}/output`)) as Output).count).toBe(2);
  });

  it("retries with backoff until the downstream pod is up, as SEND_ATTEMPTS and BACKOFF_* say", async () => {
    const { pod1, port1, port2 } = await startPod1Alone(runner, {
      SEND_ATTEMPTS: "100",
      BACKOFF_FIRST: "0.05",
      BACKOFF_MAX: "0.2",
    });
    await postJson(`${pod1.controlUrl}/trigger`, { task_id: "late-baton" });
    // The wait doubles from BACKOFF_FIRST and stops growing at BACKOFF_MAX.
    await waitForLine(pod1, / WARNING pod-1 RETRY task=late-baton to=pod-2 attempt=2\/100 in=0\.05s: /);
    await waitForLine(pod1, / WARNING pod-1 RETRY task=late-baton to=pod-2 attempt=3\/100 in=0\.1s: /);
    await waitForLine(pod1, / WARNING pod-1 RETRY task=late-baton to=pod-2 attempt=5\/100 in=0\.2s: /);
    expect(pod1.output()).toMatch(/ RETRY task=late-baton to=pod-2 attempt=4\/100 in=0\.2s: /);
    await runner.start(model, "pod-2", { APP_PORT: `${port2}`, EGRESS_PORT_MAP: `{"pod-1": ${port1}}` });
    const output = await completed(pod1, 1);
    expect(output.results[0]?.trail).toEqual(["pod-1", "pod-2", "pod-1"]);
  });

  it("gives up after SEND_ATTEMPTS", async () => {
    const { pod1 } = await startPod1Alone(runner, { SEND_ATTEMPTS: "2", BACKOFF_FIRST: "0" });
    await postJson(`${pod1.controlUrl}/trigger`, { task_id: "lost" });
    await waitForLine(pod1, / ERROR pod-1 FAILED task=lost to=pod-2 attempts=2: /);
    expect(pod1.output()).toMatch(/ RETRY task=lost to=pod-2 attempt=2\/2 in=0s: /);
  });

  it("stops within DRAIN_TIMEOUT on SIGTERM when the queued work takes longer", async () => {
    const { pod1 } = await startPod1Alone(runner, {
      BACKOFF_FIRST: "60",
      BACKOFF_MAX: "60",
      DRAIN_TIMEOUT: "0.2",
    });
    await postJson(`${pod1.controlUrl}/trigger`, { task_id: "stuck" });
    await waitForLine(pod1, / RETRY task=stuck to=pod-2 attempt=2\/5 in=60s: /);
    expect(await runner.stop(pod1)).toBe(0);
    // By the app's own clock: well under the default DRAIN_TIMEOUT of 5 s, even on a busy machine.
    const at = (event: RegExp) => Date.parse(event.exec(pod1.output())?.[1] ?? "");
    const drained = at(/^(\S+) WARNING pod-1 DRAIN timed out: \d+ job\(s\) dropped$/m);
    expect(drained - at(/^(\S+) INFO pod-1 STOPPING$/m)).toBeLessThan(2_500);
  });

  it("refuses a bad timer setting at start-up, naming it", async () => {
    const refusals = {
      SEND_TIMEOUT: ["0", "a number of seconds, more than 0"],
      SEND_ATTEMPTS: ["2.5", "a whole number of attempts, 1 or more"],
      BACKOFF_FIRST: ["inf", "a number of seconds, 0 or more"],
      BACKOFF_MAX: ["-1", "a number of seconds, 0 or more"],
      DRAIN_TIMEOUT: ["nan", "a number of seconds, 0 or more"],
      AUTO_TRIGGER_DELAY: ["1e999", "a number of seconds, 0 or more"],
      AUTO_TRIGGER_COUNT: ["-1", 'a whole number of tasks, 0 or more, or "unlimited"'],
    };
    await Promise.all(
      Object.entries(refusals).map(async ([name, [value, expected]]) => {
        const app = runner.spawn(model, "pod-1", { [name]: value ?? "" });
        expect(await app.exited, app.output()).toBe(1);
        expect(app.output()).toBe(`${name}='${value ?? ""}': expected ${expected ?? ""}\n`);
      }),
    );
  });

  it("stops cleanly on SIGTERM", async () => {
    const [pod1, pod2] = await startBiPod(runner);
    expect(await runner.stop(pod1)).toBe(0);
    expect(await runner.stop(pod2)).toBe(0);
    expect(pod1.output()).toMatch(/ INFO pod-1 STOPPING\n(.*\n)*.* INFO pod-1 STOPPED\n$/);
  });
});
