// Prepares, untimed, what the cdk8s peer (bench/cdk8s-peer.mjs) synthesizes: for each pod of a composed
// lane7 bundle, every Kubernetes object of its manifests, plus one ConfigMap carrying the pod's app files
// (app.py, Dockerfile, requirements.txt), so that the peer writes the same objects and the same text.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

function manifests(podDir) {
  return readdirSync(podDir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .flatMap((name) => parseAllDocuments(readFileSync(join(podDir, name), "utf8")).map((doc) => doc.toJS()));
}

function appConfigMap(podDir, namespace, pod) {
  const appDir = join(podDir, "app");
  const data = Object.fromEntries(
    readdirSync(appDir)
      .sort()
      .map((name) => [name, readFileSync(join(appDir, name), "utf8")]),
  );
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${pod}-app`, namespace }, data };
}

/** Writes the peer's input for BUNDLE (a lane7 bundle directory of the pods POD_IDS) to FILE. */
export function writePeerObjects(bundle, podIds, file) {
  const pods = podIds.map((pod) => {
    const podDir = join(bundle, pod);
    const objects = manifests(podDir);
    const namespace = objects.find((object) => object.kind === "Namespace").metadata.name;
    return { pod, objects: [...objects, appConfigMap(podDir, namespace, pod)] };
  });
  writeFileSync(file, JSON.stringify(pods));
}
