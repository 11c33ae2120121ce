import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { createRequire } from "node:module";
import protobuf from "protobufjs";
import protojson from "protobufjs/ext/protojson.js";
import { checkRules, fieldRules, type Issue } from "./envoy-proto-rules.js";

/**
 * Strict validation of Envoy v3 configuration against Envoy's own API protos (the copy shipped with
 * @grpc/grpc-js-xds). Two layers: protobufjs' ProtoJSON reader rejects unknown fields, unknown "@type"s,
 * bad enums and malformed well-known types; our walker adds what it does not do — every Any must carry a
 * resolvable "@type" (it is decoded recursively), deprecated fields are refused, and the protoc-gen-validate
 * `(validate.rules)` / `(validate.required)` options read off the reflection are enforced.
 */
export type { Issue } from "./envoy-proto-rules.js";

const require = createRequire(import.meta.url);
const DEPS = join(dirname(require.resolve("@grpc/grpc-js-xds/package.json")), "deps");
/** descriptor.proto, imported by the annotation protos, ships with protobufjs rather than with the deps. */
const PROTO_DIRS = [
  ...["envoy-api", "xds", "googleapis", "protoc-gen-validate"].map((dir) => join(DEPS, dir)),
  dirname(require.resolve("protobufjs/package.json")),
];

let cachedRoot: protobuf.Root | undefined;

/** Every loadable v3 Envoy API file, resolved once per process (a few hundred milliseconds). */
export function envoyProtoRoot(): protobuf.Root {
  if (cachedRoot) return cachedRoot;
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => findProto(target) ?? protobuf.util.path.resolve(origin, target);
  root.loadSync(loadableEnvoyFiles(), { keepCase: true });
  root.resolveAll();
  cachedRoot = root;
  return root;
}

/** Every problem with `value` read as the ProtoJSON of message `typeName`; empty when it is valid. */
export function envoyMessageIssues(typeName: string, value: unknown): Issue[] {
  const root = envoyProtoRoot();
  const type = root.lookupType(typeName);
  try {
    protojson.fromJson(type, value);
  } catch (error) {
    return [{ path: typeName, message: error instanceof Error ? error.message : String(error) }];
  }
  const issues: Issue[] = [];
  walkMessage(type, value, typeName, issues);
  return issues;
}

export function envoyBootstrapIssues(value: unknown): Issue[] {
  return envoyMessageIssues("envoy.config.bootstrap.v3.Bootstrap", value);
}

/** Throws with every issue listed, for use in tests. */
export function assertValidEnvoyBootstrap(value: unknown): void {
  const issues = envoyBootstrapIssues(value);
  if (issues.length > 0) {
    throw new Error(`invalid Envoy bootstrap:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`);
  }
}

function findProto(target: string): string | undefined {
  for (const dir of PROTO_DIRS) {
    const file = join(dir, target);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The v3 files whose whole import closure is present (the bundled copy omits a few third-party protos). */
function loadableEnvoyFiles(): string[] {
  const envoyApi = join(DEPS, "envoy-api");
  const known = new Map<string, boolean>();
  const loadable = (target: string): boolean => {
    const seen = known.get(target);
    if (seen !== undefined) return seen;
    known.set(target, true); // import cycles: assume loadable while visiting
    if (Object.hasOwn(protobuf.common, target)) return true; // bundled with protobufjs
    const file = findProto(target);
    const imports = file
      ? [...readFileSync(file, "utf8").matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)";/gm)]
      : [];
    const ok = file !== undefined && imports.every((match) => match[1] === undefined || loadable(match[1]));
    known.set(target, ok);
    return ok;
  };
  return listProtos(join(envoyApi, "envoy"))
    .map((file) => relative(envoyApi, file))
    .filter((file) => file.includes("/v3/") && loadable(file))
    .sort();
}

function listProtos(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listProtos(path);
    return entry.name.endsWith(".proto") ? [path] : [];
  });
}

/** Well-known types whose ProtoJSON form is not an object of fields (an Any holds them under "value"). */
const SPECIAL_JSON = new Set(
  [
    "Any",
    "Duration",
    "Timestamp",
    "FieldMask",
    "Struct",
    "Value",
    "ListValue",
    ...["Double", "Float", "Int64", "UInt64", "Int32", "UInt32", "Bool", "String", "Bytes"].map(
      (t) => `${t}Value`,
    ),
  ].map((name) => `.google.protobuf.${name}`),
);

const TYPE_URL_PREFIX = "type.googleapis.com/";

function walkMessage(type: protobuf.Type, value: unknown, path: string, issues: Issue[]): void {
  if (type.fullName === ".google.protobuf.Any") {
    walkAny(type.root, value, path, issues);
    return;
  }
  if (SPECIAL_JSON.has(type.fullName) || !isObject(value)) return;
  const checked =
    type.getOption("(validate.disabled)") !== true && type.getOption("(validate.ignored)") !== true;
  if (checked) {
    for (const oneof of type.oneofsArray) {
      const required = oneof.getOption("(validate.required)") === true;
      if (required && !oneof.fieldsArray.some((field) => fieldValue(value, field) !== undefined)) {
        issues.push({ path, message: `one of ${oneof.name} (${oneof.oneof.join(", ")}) is required` });
      }
    }
  }
  for (const field of type.fieldsArray)
    walkField(field.resolve(), value, `${path}.${field.name}`, checked, issues);
}

function walkField(
  field: protobuf.Field,
  message: Record<string, unknown>,
  path: string,
  checked: boolean,
  issues: Issue[],
) {
  const value = fieldValue(message, field);
  if (value !== undefined && field.getOption("deprecated") === true) {
    issues.push({ path, message: "deprecated field" });
  }
  const rules = checked ? fieldRules(field) : undefined;
  if (rules) checkRules(field, rules, value, path, issues);
  if (value === undefined || !(field.resolvedType instanceof protobuf.Type)) return;
  if (rules?.message?.skip === true) return;
  const child = field.resolvedType;
  if (field.map && isObject(value)) {
    for (const [key, entry] of Object.entries(value)) walkMessage(child, entry, `${path}[${key}]`, issues);
  } else if (field.repeated && Array.isArray(value)) {
    value.forEach((entry, index) => {
      walkMessage(child, entry, `${path}[${index}]`, issues);
    });
  } else {
    walkMessage(child, value, path, issues);
  }
}

function walkAny(root: protobuf.Root, value: unknown, path: string, issues: Issue[]): void {
  if (!isObject(value)) return;
  const url = value["@type"];
  if (typeof url !== "string" || !url.startsWith(TYPE_URL_PREFIX)) {
    issues.push({
      path,
      message: `an Any needs "@type": "${TYPE_URL_PREFIX}<message>", got ${JSON.stringify(url)}`,
    });
    return;
  }
  const type = root.lookupType(url.slice(TYPE_URL_PREFIX.length));
  const body = SPECIAL_JSON.has(type.fullName)
    ? value.value
    : Object.fromEntries(Object.entries(value).filter(([key]) => key !== "@type"));
  walkMessage(type, body, `${path}<${type.fullName.slice(1)}>`, issues);
}

/** A field's JSON value by proto or JSON name; null means absent in ProtoJSON. */
function fieldValue(message: Record<string, unknown>, field: protobuf.Field): unknown {
  const value = message[field.name] ?? message[field.jsonName];
  return value === null ? undefined : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
