import { resolve as resolvePath } from "node:path";
import { loadBlueprint } from "../../run/load-bundle.js";
import { livenessFrom } from "../../run/liveness.js";
import { findPython } from "../../run/python.js";
import { runNetwork } from "../../run/supervisor.js";
import type { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";
import type { RunCliOptions } from "../program.js";

/** The initiators' auto-trigger interval when --interval is not given: brisk, for a local loop. */
const DEFAULT_INTERVAL_SECONDS = 2;
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * `lane7 run`: runs a bundle directory, or a network file composed in memory, on this machine until
 * --until tasks are complete, --timeout, or Ctrl-C / SIGTERM; then stops every pod it started.
 */
export async function runRun(blueprint: string, options: RunCliOptions, io: Io): Promise<ExitCode> {
  const loaded = await loadBlueprint(resolvePath(io.cwd, blueprint), io);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) io.stderr.write(`[lane7] ${signal}: stopping every pod…\n`);
    stop.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    // A pod's app.py imports grpc when it serves or sends gRPC: when an edge carries gRPC.
    const needsGrpc = loaded.model.edges.some((edge) => edge.protocol === "grpc");
    const python = await findPython(options.python, io.env, needsGrpc);
    return await runNetwork(
      loaded,
      {
        python,
        until: options.until,
        timeoutSeconds: options.timeout,
        intervalSeconds: options.interval ?? DEFAULT_INTERVAL_SECONDS,
        liveness: livenessFrom(io.env),
        stop: stop.signal,
      },
      io,
    );
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    await loaded.dispose();
  }
}
