import type { ValuePath } from "../../parse/parse.js";
import { LIMITS } from "../../spec/constants.js";
import { namespaceOf, pinholeServiceNameOf } from "../../model/names.js";
import { podPath, type Rule } from "../rule.js";

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * `name`: the network name and every pod id are DNS-1035 labels, and each name derived from them
 * (namespace, pinhole Service) fits in 63 characters.
 */
export const nameRule: Rule = {
  id: "name",
  graph: false,
  check({ name, pods }, report) {
    const nameOk = name !== undefined && checkLabel(name, ["metadata", "name"], "network name");
    for (const { index, pod } of pods) {
      if (!checkLabel(pod.id, podPath(index, "id"), "pod id") || !nameOk) continue;
      const namespace = namespaceOf(name, pod.id);
      if (namespace.length > LIMITS.idLength) {
        report(
          podPath(index, "id"),
          `namespace \`${namespace}\` is ${namespace.length} characters; Kubernetes allows ${LIMITS.idLength}`,
          `the namespace is <network name>-<pod id>-ns; shorten the pod id or the network name by ${namespace.length - LIMITS.idLength}`,
        );
        continue;
      }
      const service = pinholeServiceNameOf(pod.id);
      if (pod.pinhole && service.length > LIMITS.idLength) {
        report(
          podPath(index, "id"),
          `pinhole Service \`${service}\` is ${service.length} characters; Kubernetes allows ${LIMITS.idLength}`,
          `a boundary pod's pinhole Service is <pod id>-pinhole; shorten the pod id by ${service.length - LIMITS.idLength}`,
        );
      }
    }

    function checkLabel(value: string, path: ValuePath, what: string): boolean {
      if (DNS_1035.test(value) && value.length <= LIMITS.idLength) return true;
      const suggestion = toLabel(value);
      report(
        path,
        `${what} \`${value}\` is not a DNS-1035 label`,
        value.length > LIMITS.idLength
          ? `use at most ${LIMITS.idLength} characters`
          : `use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit${
              suggestion && suggestion !== value ? `, e.g. \`${suggestion}\`` : ""
            }`,
      );
      return false;
    }
  },
};

function toLabel(value: string): string {
  const label = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "")
    .slice(0, LIMITS.idLength);
  return DNS_1035.test(label) ? label : "";
}
