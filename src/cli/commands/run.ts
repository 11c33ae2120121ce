import { resolve as resolvePath } from "node:path";
import { stat } from "node:fs/promises";
import { composeNetwork } from "../../composition.js";
import { loadBundle, type LoadedBlueprint } from "../../run/load-bundle.js";
import { loadComposition } from "../../run/load-network.js";
import { livenessFrom } from "../../run/liveness.js";
import { findPython } from "../../run/python.js";
import { runNetwork } from "../../run/supervisor.js";
import type { ExitCode } from "../../exit-codes.js";
import type { Io } from "../../io.js";
import { readValidNetwork } from "../network-input.js";
import type { RunCliOptions } from "../program.js";

/** The initiators' auto-trigger interval when --interval is not given: brisk, for a local loop. */
const DEFAULT_INTERVAL_SECONDS = 2;
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * `lane7 run`: runs a bundle directory, or a network file composed in memory, on this machine until
 * --until tasks are complete, --timeout, or Ctrl-C / SIGTERM; then stops every pod it started.
 */
export async function runRun(blueprint: string, options: RunCliOptions, io: Io): Promise<ExitCode> {
  const loaded = await loadBlueprint(blueprint, io);
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

/** A bundle directory (its blueprint.yaml and each <pod>/app/app.py), or a network file composed in memory. */
async function loadBlueprint(argument: string, io: Io): Promise<LoadedBlueprint> {
  const path = resolvePath(io.cwd, argument);
  const isDirectory = await stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (isDirectory) return loadBundle(path);
  return loadComposition(composeNetwork(await readValidNetwork(argument, io, "nothing was run")));
}
