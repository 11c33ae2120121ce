import type { PodModel } from "../../model/model.js";
import { pinholeEndpoint } from "../blueprint/topology.js";
import { CONTAINERS, localForwardPort, pinholeServiceName } from "../conventions.js";
import { shellQuote } from "../text/quote.js";

/**
 * The shell commands the README shows, written as a careful user would type them: a word is quoted only
 * when it needs to be.
 */
const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

function word(value: string): string {
  return PLAIN_WORD.test(value) ? value : shellQuote(value);
}

/** Where a task's trail shows up: the log of a pod where tasks finish. */
export function trailCommand(pod: PodModel): string {
  return `kubectl logs -n ${word(pod.namespace)} deployment/${word(pod.id)} -c ${CONTAINERS.app} | grep trail`;
}

/**
 * A port-forward to a pod's pinhole Service and the curl call through it, with the files pinhole-setup.sh
 * makes in `tlsDir` (a path from the bundle directory). `index` is the pod's place among the boundary pods:
 * its forward listens on a local port of its own.
 */
export function pinholeCall(
  pod: PodModel,
  index: number,
  tlsDir: string,
): { portForward: string; curl: string } {
  if (!pod.pinhole) throw new Error(`pinholeCall: ${pod.id} has no pinhole`);
  const { port: remote, tier } = pod.pinhole;
  const port = localForwardPort(index);
  const service = pinholeServiceName(pod);
  const host = `${service}.${pod.namespace}.svc`;
  const tls = `${tlsDir}/${pod.id}`;
  const { method, path } = pinholeEndpoint(pod);
  const credentials =
    tier === 2 ? ` --cert ${word(`${tls}/client.crt`)} --key ${word(`${tls}/client.key`)}` : "";
  const request =
    method === "POST"
      ? [`-X POST -H 'Content-Type: application/json' -d '{"data": {"hello": "world"}}'`]
      : [];
  return {
    portForward: `kubectl port-forward -n ${word(pod.namespace)} service/${word(service)} ${port}:${remote}`,
    curl: [
      `curl --cacert ${word(`${tlsDir}/ca.crt`)}${credentials}`,
      `--resolve ${word(`${host}:${port}:127.0.0.1`)}`,
      ...request,
      word(`https://${host}:${port}${path}`),
    ].join(" \\\n    "),
  };
}
