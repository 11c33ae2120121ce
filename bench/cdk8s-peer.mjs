// The peer lane7 is measured against: cdk8s synthesizing the same Kubernetes objects, one chart (and so
// one YAML file) per pod. Its input is prepared beforehand, untimed, by bench/peer-objects.mjs: the
// objects lane7 renders for the same network, with the Envoy and app text already inside them. What is
// timed is this whole process, Node's start-up included, as for lane7.
//
//   node bench/cdk8s-peer.mjs OBJECTS.json OUTDIR
import { readFileSync } from "node:fs";
import { ApiObject, App, Chart } from "cdk8s";

const [input, outdir] = process.argv.slice(2);
if (!input || !outdir) {
  process.stderr.write("usage: node bench/cdk8s-peer.mjs OBJECTS.json OUTDIR\n");
  process.exit(2);
}

const pods = JSON.parse(readFileSync(input, "utf8"));
const app = new App({ outdir });
for (const { pod, objects } of pods) {
  const chart = new Chart(app, pod, { disableResourceNameHashes: true });
  for (const object of objects) new ApiObject(chart, `${object.kind}-${object.metadata.name}`, object);
}
app.synth();
