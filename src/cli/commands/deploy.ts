import { confirmTarget, connect, type Cluster } from "../../cluster/connect.js";
import { formatRollout, waitForRollout } from "../../cluster/rollout.js";
import { objectClient, describeRef, type ObjectClient } from "../../cluster/objects.js";
import { terminalSafe } from "../../control-characters.js";
import { applyPlan } from "../../deploy/apply.js";
import { loadTargetFiles, type TargetFiles } from "../../cluster/load-target.js";
import { refuseMissingCertManager } from "../../deploy/cert-manager.js";
import { bundleObjects, refusePlaceholders } from "../../deploy/manifests.js";
import { refuseMissingPinholeSecrets } from "../../deploy/pinhole-secrets.js";
import { planDeploy, type Plan, type PlanEntry } from "../../deploy/plan.js";
import { formatConflicts, formatPlan, hasChanges } from "../../deploy/report.js";
import { EXIT, UserError, type ExitCode } from "../../exit-codes.js";
import { styleFor, wantsColor, writeWarnings, type Io } from "../../io.js";
import { plural } from "../../plural.js";
import type { DeployCliOptions } from "../program.js";
import { networkComposer } from "../render-inputs.js";

/** How long deploy waits for the rollouts without --timeout. */
const DEFAULT_ROLLOUT_TIMEOUT_SECONDS = 300;

/**
 * `lane7 deploy BLUEPRINT`: refuses placeholder credentials, a cluster without cert-manager (open-mtls)
 * and missing pinhole secrets, plans (a server-side
 * dry run of every object), then applies, prunes and waits for the rollouts. Exit 0 when applied (and rolled
 * out) or nothing changes, 1 for a --dry-run that would change something or a rollout not done at
 * --timeout, 2 for a refusal or failure.
 */
export async function runDeploy(argument: string, options: DeployCliOptions, io: Io): Promise<ExitCode> {
  const bundle = await loadTargetFiles(argument, io, networkComposer(options, io, "nothing was deployed"));
  if (!bundle.composed && (options.credentials !== undefined || options.images !== undefined)) {
    throw new UserError(
      `--credentials and --images apply to a network file; ${argument} is a composed bundle (compose it again with them)`,
    );
  }
  writeWarnings(io, bundle.warnings);
  const objects = bundleObjects(bundle);
  refusePlaceholders(bundle);
  const cluster = await connect(options, io);
  const client = await objectClient(cluster.config);
  await refuseMissingCertManager(client, cluster.target, bundle.model);
  await refuseMissingPinholeSecrets(client, cluster, bundle, options.kubeconfig);
  const force = options.forceConflicts === true;
  const plan = await planDeploy(client, cluster.target, objects, bundle.model, force);
  if (plan.conflicts.length > 0 && !force) throw new UserError(formatConflicts(plan.conflicts));
  io.stdout.write(formatPlan(plan, bundle.model.name, styleFor(wantsColor(io, io.stdout))));
  if (options.dryRun === true || !hasChanges(plan)) {
    await confirmTarget(cluster.target, "", true, io);
    return options.dryRun === true && hasChanges(plan) ? EXIT.findings : EXIT.ok;
  }
  const question = `Deploy ${bundle.model.title} (network ${bundle.model.name}) to context ${cluster.target.context}?`;
  if (
    !(await confirmTarget(
      cluster.target,
      terminalSafe(question, { oneLine: true }),
      options.yes === true,
      io,
    ))
  ) {
    io.stderr.write("lane7: cancelled; nothing was changed\n");
    return EXIT.findings;
  }
  await apply(client, cluster, plan, force, io);
  return waitForRollouts(cluster, bundle, options, io);
}

async function apply(
  client: ObjectClient,
  cluster: Cluster,
  plan: Plan,
  force: boolean,
  io: Io,
): Promise<void> {
  const past = { create: "created", change: "changed", delete: "deleted", unchanged: "unchanged" } as const;
  const step = (entry: PlanEntry) =>
    io.stderr.write(`${past[entry.action]} ${terminalSafe(describeRef(entry.ref), { oneLine: true })}\n`);
  const { done } = await applyPlan(client, cluster.target, plan, force, step);
  const count = (action: PlanEntry["action"]) => done.filter((entry) => entry.action === action).length;
  io.stderr.write(
    `deployed: ${count("create")} created, ${count("change")} changed, ${count("delete")} deleted, ` +
      `${plural(plan.entries.length - done.length, "object")} unchanged\n`,
  );
}

/** Until every deployment is rolled out, or --timeout: exit 1 then, naming each pod not ready and why. */
async function waitForRollouts(
  cluster: Cluster,
  bundle: TargetFiles,
  options: DeployCliOptions,
  io: Io,
): Promise<ExitCode> {
  if (!options.wait) {
    io.stderr.write("not waiting for the rollouts (--no-wait)\n");
    return EXIT.ok;
  }
  const timeoutSeconds = options.timeout ?? DEFAULT_ROLLOUT_TIMEOUT_SECONDS;
  const result = await waitForRollout(cluster, bundle.model, { timeoutSeconds }, io);
  io.stderr.write(formatRollout(result, styleFor(wantsColor(io, io.stderr))));
  return result.ready ? EXIT.ok : EXIT.findings;
}
