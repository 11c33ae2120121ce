import { clusterApis } from "../../cluster/apis.js";
import { clusterError, confirmTarget, connect, type Cluster } from "../../cluster/connect.js";
import { loadTarget } from "../../cluster/load-target.js";
import { describeRef, objectClient, type ObjectRef } from "../../cluster/objects.js";
import {
  certificateAuthorityRefs,
  deleteNamespace,
  deleteObjects,
  leftoverAuthorityRefs,
  teardownOrder,
  type NamespaceTeardown,
} from "../../cluster/teardown.js";
import { terminalSafe } from "../../control-characters.js";
import { EXIT, type ExitCode } from "../../exit-codes.js";
import type { Io } from "../../io.js";
import type { BlueprintModel } from "../../model/model.js";
import { plural } from "../../plural.js";
import { networkComposer } from "../render-inputs.js";
import type { TeardownCliOptions } from "../program.js";

/** How long each namespace may take to go when --timeout is not given: teardown.sh's 5m. */
export const DEFAULT_TEARDOWN_TIMEOUT_SECONDS = 300;

/**
 * `lane7 teardown BUNDLE|NETWORK`: deletes the network's namespaces in reverse deploy order (upstream pods
 * first), each gone before the next, then its certificate authority (open-mtls), or what an open-mtls
 * deployment of it left (wosp). Exit 0 when none is left (those already gone count), 1 when the
 * confirmation is refused or a namespace is still terminating at --timeout, 2 on an error.
 */
export async function runTeardown(blueprint: string, options: TeardownCliOptions, io: Io): Promise<ExitCode> {
  const { model } = await loadTarget(blueprint, io, networkComposer({}, io, "nothing was deleted"));
  const cluster = await connect(options, io);
  const namespaces = teardownOrder(model);
  const title = terminalSafe(model.title, { oneLine: true });
  const { authority, what } = await authorityOf(cluster, model);
  io.stderr.write(
    `About to delete ${title} (network ${model.name}): these ${plural(namespaces.length, "namespace")} and everything in them:\n` +
      namespaces.map((namespace) => `  ${namespace}\n`).join("") +
      (authority.length === 0
        ? ""
        : `and then ${what}:\n${authority.map((ref) => `  ${describeRef(ref)}\n`).join("")}`),
  );
  const question = `Delete them from context '${terminalSafe(cluster.target.context, { oneLine: true })}'?`;
  if (!(await confirmTarget(cluster.target, question, options.yes === true, io))) {
    io.stderr.write("lane7: cancelled; nothing was deleted\n");
    return EXIT.findings;
  }
  const apis = await clusterApis(cluster.config);
  const timeoutSeconds = options.timeout ?? DEFAULT_TEARDOWN_TIMEOUT_SECONDS;
  const results: NamespaceTeardown[] = [];
  for (const namespace of namespaces) {
    const result = await deleteNamespace(apis, namespace, { timeoutSeconds }).catch((error: unknown) => {
      throw clusterError(error, cluster.target, `deleting namespace ${namespace}`);
    });
    results.push(result);
    if (result.outcome === "remaining") {
      const left = namespaces.length - results.length;
      io.stderr.write(
        `lane7: namespace ${namespace} is still terminating after ${timeoutSeconds} s; ` +
          `${plural(left, "namespace")} after it ${left === 1 ? "was" : "were"} left\n`,
      );
      return EXIT.findings;
    }
    io.stderr.write(`  ${namespace}: ${result.outcome === "deleted" ? "deleted" : "not there"}\n`);
  }
  await deleteAuthority(cluster, authority, io);
  const deleted = results.filter((result) => result.outcome === "deleted").length;
  io.stderr.write(
    `Torn down: ${plural(deleted, "namespace")} deleted, ${results.length - deleted} already gone.\n`,
  );
  return EXIT.ok;
}

/**
 * The certificate authority's objects teardown deletes after the namespaces: the network's own (open-mtls),
 * or what an open-mtls deployment of it left on the cluster (wosp).
 */
async function authorityOf(
  cluster: Cluster,
  model: BlueprintModel,
): Promise<{ authority: ObjectRef[]; what: string }> {
  if (model.security.profile === "open-mtls") {
    return { authority: certificateAuthorityRefs(model), what: "its certificate authority" };
  }
  const client = await objectClient(cluster.config);
  const authority = await leftoverAuthorityRefs(client, model).catch((error: unknown) => {
    throw clusterError(
      error,
      cluster.target,
      "looking for a certificate authority the open-mtls profile left",
    );
  });
  return { authority, what: "the certificate authority an open-mtls deployment of it left" };
}

/** After the namespaces, the certificate authority's objects, each said deleted or not there. */
async function deleteAuthority(cluster: Cluster, refs: readonly ObjectRef[], io: Io): Promise<void> {
  if (refs.length === 0) return;
  const client = await objectClient(cluster.config);
  const results = await deleteObjects(client, refs).catch((error: unknown) => {
    throw clusterError(error, cluster.target, "deleting the network's certificate authority");
  });
  for (const { ref, deleted } of results) {
    io.stderr.write(`  ${describeRef(ref)}: ${deleted ? "deleted" : "not there"}\n`);
  }
}
