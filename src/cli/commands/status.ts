import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "../../cluster/connect.js";
import { loadTarget } from "../../cluster/load-target.js";
import { readNetworkStatus, type NetworkStatus } from "../../cluster/status.js";
import { EXIT, UserError, type ExitCode } from "../../exit-codes.js";
import { styleFor, wantsColor, type Io } from "../../io.js";
import { formatStatusHuman, formatStatusJson } from "../format/status.js";
import { networkComposer } from "../render-inputs.js";
import type { StatusCliOptions } from "../program.js";

/** How often --watch looks again. */
const WATCH_INTERVAL_MS = 2_000;
/** Clears a terminal and puts the cursor home. */
const CLEAR = "\u001b[H\u001b[2J";

/**
 * `lane7 status BUNDLE|NETWORK`: exit 0 when every pod of the network is rolled out, 1 when one is not,
 * 2 on an error (the cluster unreachable, access refused, an unreadable bundle). With --watch (a terminal
 * only), the report is redrawn until Ctrl-C, and the exit code is the last report's.
 */
export async function runStatus(blueprint: string, options: StatusCliOptions, io: Io): Promise<ExitCode> {
  if (options.watch === true && (options.format === "json" || io.stdout.isTTY !== true)) {
    throw new UserError("--watch redraws a terminal: it needs one on stdout, and --format human");
  }
  const network = await loadTarget(blueprint, io, networkComposer({}, io, "nothing was read"));
  const cluster = await connect(options, io);
  if (options.watch !== true) return report(await readNetworkStatus(cluster, network), options, io);
  return watch(() => readNetworkStatus(cluster, network), options, io);
}

function report(status: NetworkStatus, options: StatusCliOptions, io: Io, prefix = ""): ExitCode {
  const text =
    options.format === "json"
      ? formatStatusJson(status)
      : formatStatusHuman(status, styleFor(wantsColor(io, io.stdout)));
  io.stdout.write(`${prefix}${text}`);
  return status.ready ? EXIT.ok : EXIT.findings;
}

async function watch(
  read: () => Promise<NetworkStatus>,
  options: StatusCliOptions,
  io: Io,
): Promise<ExitCode> {
  const stop = new AbortController();
  const onSignal = (): void => {
    stop.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    let code: ExitCode = EXIT.ok;
    while (!stop.signal.aborted) {
      code = report(await read(), options, io, CLEAR);
      await sleep(WATCH_INTERVAL_MS, undefined, { signal: stop.signal }).catch(() => undefined);
    }
    return code;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
