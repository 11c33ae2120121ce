import * as k8s from "@kubernetes/client-node";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Pod } from "kubernetes-models/v1/Pod";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";

/**
 * Kubernetes schema validation of one object (a parsed manifest document) in three layers:
 *  1. kubernetes-models' JSON-schema check (types, required fields, formats, enums), which accepts
 *     unknown fields;
 *  2. a walk against @kubernetes/client-node's generated models, which rejects every field name the API
 *     does not define, at any depth, and re-checks primitive types on the way;
 *  3. the API server's name and label rules, which neither schema expresses.
 * Returns the problems found, each with its path; an empty list means valid.
 */
export function kubernetesSchemaErrors(object: unknown): string[] {
  const kind = kindOf(object);
  if (!kind) return [`no schema for ${describeKind(object)}: add it to KINDS in test/support/k8s-schema.ts`];
  return [
    ...jsonSchemaErrors(kind, object),
    ...unknownFieldErrors(object, kind.clientModel),
    ...nameErrors(object),
  ];
}

interface Validatable {
  validate(): void;
}
type ModelConstructor = new (data: unknown) => Validatable;

interface Kind {
  /** A kubernetes-models class; its constructor type is widened because the input is unchecked. */
  model: ModelConstructor;
  /** The name of the @kubernetes/client-node model class. */
  clientModel: string;
  /** What metadata.name must be (apimachinery validation). */
  name: NameRule;
}

const KINDS: Record<string, Kind | undefined> = {
  "v1/Namespace": {
    model: Namespace as unknown as ModelConstructor,
    clientModel: "V1Namespace",
    name: "label",
  },
  "v1/Secret": { model: Secret as unknown as ModelConstructor, clientModel: "V1Secret", name: "subdomain" },
  "v1/ConfigMap": {
    model: ConfigMap as unknown as ModelConstructor,
    clientModel: "V1ConfigMap",
    name: "subdomain",
  },
  "v1/Service": {
    model: Service as unknown as ModelConstructor,
    clientModel: "V1Service",
    name: "label-1035",
  },
  "v1/Pod": { model: Pod as unknown as ModelConstructor, clientModel: "V1Pod", name: "subdomain" },
  "apps/v1/Deployment": {
    model: Deployment as unknown as ModelConstructor,
    clientModel: "V1Deployment",
    name: "subdomain",
  },
  "networking.k8s.io/v1/NetworkPolicy": {
    model: NetworkPolicy as unknown as ModelConstructor,
    clientModel: "V1NetworkPolicy",
    name: "subdomain",
  },
};

function kindOf(object: unknown): Kind | undefined {
  return isRecord(object) ? KINDS[describeKind(object)] : undefined;
}

function describeKind(object: unknown): string {
  if (!isRecord(object)) return "a non-object document";
  return `${String(object.apiVersion)}/${String(object.kind)}`;
}

function jsonSchemaErrors(kind: Kind, object: unknown): string[] {
  try {
    new kind.model(object).validate();
    return [];
  } catch (error) {
    return [`schema: ${error instanceof Error ? error.message : String(error)}`];
  }
}

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}
interface ClientModel {
  getAttributeTypeMap(): Attribute[];
}

/** Walks `value` as client-node type `type` (`V1PodSpec`, `Array<V1Container>`, `{ [key: string]: string; }`, …). */
export function unknownFieldErrors(value: unknown, type: string, path = ""): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1]) {
    const item = array[1];
    if (!Array.isArray(value)) return [`${path}: expected a list (${type})`];
    return value.flatMap((element: unknown, index) => unknownFieldErrors(element, item, `${path}[${index}]`));
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) {
    const item = map[1];
    if (!isRecord(value)) return [`${path}: expected a map (${type})`];
    return Object.entries(value).flatMap(([key, element]) =>
      unknownFieldErrors(element, item, `${path}.${key}`),
    );
  }
  const primitive = primitiveError(value, type);
  if (primitive !== undefined) return primitive ? [`${path}: ${primitive}`] : [];
  return objectErrors(value, type, path);
}

/** undefined: not a primitive type; "": valid; otherwise the problem. */
function primitiveError(value: unknown, type: string): string | undefined {
  const matches: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === "string",
    number: (v) => typeof v === "number",
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === "boolean",
    IntOrString: (v) => typeof v === "string" || Number.isInteger(v),
    Date: (v) => typeof v === "string",
    any: () => true,
  };
  const check = matches[type];
  if (!check) return undefined;
  return check(value) ? "" : `expected ${type}, got ${JSON.stringify(value)}`;
}

function objectErrors(value: unknown, type: string, path: string): string[] {
  const model = clientModel(type);
  if (!model) return [`${path}: no client-node model ${type}`];
  if (!isRecord(value)) return [`${path}: expected an object (${type})`];
  const attributes = new Map(model.getAttributeTypeMap().map((attribute) => [attribute.baseName, attribute]));
  return Object.entries(value).flatMap(([key, field]) => {
    const attribute = attributes.get(key);
    const at = `${path}.${key}`;
    if (!attribute) return [`${at}: unknown field (not in ${type})`];
    const integer = attribute.type === "number" && attribute.format.startsWith("int");
    return unknownFieldErrors(field, integer ? "integer" : attribute.type, at);
  });
}

type NameRule = "label" | "label-1035" | "subdomain";

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function validName(name: string, rule: NameRule): boolean {
  if (rule === "subdomain") {
    return name.length <= 253 && name.split(".").every((part) => DNS_1123_LABEL.test(part));
  }
  return name.length <= 63 && (rule === "label" ? DNS_1123_LABEL : DNS_1035_LABEL).test(name);
}

/** A label key is an optional DNS-subdomain prefix and a name of ≤ 63 characters; a value ≤ 63 characters. */
function validLabel(key: string, value: unknown): boolean {
  const [prefix, name] = key.includes("/") ? key.split("/", 2) : [undefined, key];
  if (prefix !== undefined && !validName(prefix, "subdomain")) return false;
  if (!name || name.length > 63 || !QUALIFIED_NAME.test(name)) return false;
  return typeof value === "string" && value.length <= 63 && LABEL_VALUE.test(value);
}

/** Names and labels by the API server's rules: what the schemas above cannot express. */
function nameErrors(object: unknown): string[] {
  const kind = kindOf(object);
  const metadata = isRecord(object) && isRecord(object.metadata) ? object.metadata : undefined;
  if (!kind || !metadata) return [];
  const errors: string[] = [];
  const { name, namespace } = metadata;
  if (typeof name !== "string" || !validName(name, kind.name))
    errors.push(`.metadata.name: not a DNS ${kind.name}`);
  if (namespace !== undefined && (typeof namespace !== "string" || !validName(namespace, "label"))) {
    errors.push(".metadata.namespace: not a DNS label");
  }
  for (const [path, labels] of labelMaps(object)) {
    for (const [key, value] of Object.entries(labels)) {
      if (!validLabel(key, value)) errors.push(`${path}.${key}: not a valid label`);
    }
  }
  return errors;
}

/** Every label map of an object, by path: labels, matchLabels, and a Service's plain selector. */
function labelMaps(value: unknown, path = ""): [string, Record<string, unknown>][] {
  if (Array.isArray(value))
    return value.flatMap((item: unknown, index) => labelMaps(item, `${path}[${index}]`));
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, field]): [string, Record<string, unknown>][] => {
    const at = `${path}.${key}`;
    return isLabelMap(key, field) ? [[at, field]] : labelMaps(field, at);
  });
}

function isLabelMap(key: string, field: unknown): field is Record<string, unknown> {
  if (!isRecord(field)) return false;
  if (key === "labels" || key === "matchLabels") return true;
  return key === "selector" && Object.values(field).every((value) => typeof value === "string");
}

function clientModel(type: string): ClientModel | undefined {
  const candidate: unknown = (k8s as Record<string, unknown>)[type];
  if (typeof candidate === "function" && "getAttributeTypeMap" in candidate) return candidate as ClientModel;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
