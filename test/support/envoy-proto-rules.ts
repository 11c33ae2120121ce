import protobuf from "protobufjs";

/**
 * protoc-gen-validate rules (validate/validate.proto) as Envoy declares them on its API fields, checked
 * against ProtoJSON values. A rule this module does not implement is reported as an issue rather than
 * skipped, so the harness can never pass a rule it did not check.
 */
export interface Issue {
  path: string;
  message: string;
}

/** `(validate.rules)` of one field: { string: { min_len: 1 } }, { message: { required: true } }, … */
export type FieldRules = Record<string, Record<string, unknown> | undefined> & {
  message?: { required?: boolean; skip?: boolean };
};

type Report = (message: string) => void;

export function fieldRules(field: protobuf.Field): FieldRules | undefined {
  const declared = (field.parsedOptions ?? []).flatMap((option) => {
    const rules: unknown = option["(validate.rules)"];
    return typeof rules === "object" && rules !== null ? [rules as FieldRules] : [];
  });
  return declared.length === 0
    ? undefined
    : declared.reduce<FieldRules>((all, rules) => ({ ...all, ...rules }), {});
}

/** `value` is the field's ProtoJSON value, undefined when absent. */
export function checkRules(
  field: protobuf.Field,
  rules: FieldRules,
  value: unknown,
  path: string,
  issues: Issue[],
) {
  const report: Report = (message) => issues.push({ path, message });
  if (field.map) {
    checkKinds(
      rules,
      {
        map: (r) => {
          checkMap(r, asObject(value), report);
        },
      },
      report,
    );
  } else if (field.repeated) {
    const items = Array.isArray(value) ? value : [];
    checkKinds(
      rules,
      {
        repeated: (r) => {
          checkRepeated(field, r, items, report);
        },
      },
      report,
    );
  } else {
    checkSingular(field, rules, value, report);
  }
}

function checkSingular(field: protobuf.Field, rules: FieldRules, value: unknown, report: Report): void {
  // Rules of a oneof member (or proto3 optional) apply only when it is set; the oneof's own
  // (validate.required) is checked by the caller.
  if (value === undefined && field.partOf !== null) return;
  const isMessage = field.resolvedType instanceof protobuf.Type;
  const required = [rules.message, rules.duration, rules.any, rules.timestamp].some(
    (r) => r?.required === true,
  );
  if (isMessage && required && value === undefined) report("required");
  // An absent message has nothing more to check; an absent plain scalar is its default value, which the
  // rules do apply to.
  if (value === undefined && isMessage) return;
  const actual = value ?? defaultValue(field);
  const enumType = field.resolvedType instanceof protobuf.Enum ? field.resolvedType : undefined;
  checkKinds(rules, scalarCheckers(actual, enumType, report), report);
}

type Checkers = Record<string, (rules: Record<string, unknown>) => void>;

function checkKinds(rules: FieldRules, checkers: Checkers, report: Report): void {
  for (const [kind, kindRules] of Object.entries(rules)) {
    if (kind === "message" || kindRules === undefined) continue;
    const check = checkers[kind];
    if (check) check(kindRules);
    else report(`the harness does not implement (validate.rules).${kind} here`);
  }
}

function scalarCheckers(value: unknown, enumType: protobuf.Enum | undefined, report: Report): Checkers {
  const numeric = (rules: Record<string, unknown>) => {
    checkNumber(rules, Number(value), report);
  };
  const numbers = ["double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64"];
  const fixed = ["fixed32", "fixed64", "sfixed32", "sfixed64"];
  return {
    ...Object.fromEntries([...numbers, ...fixed].map((kind) => [kind, numeric])),
    string: (rules) => {
      checkString(rules, String(value), report);
    },
    bool: (rules) => {
      if (rules.const !== undefined && rules.const !== value) report(`must be ${show(rules.const)}`);
    },
    enum: (rules) => {
      checkEnum(rules, enumType, value, report);
    },
    duration: (rules) => {
      checkNumber(durationRules(rules), durationNanos(value), report);
    },
    any: (rules) => {
      checkAny(rules, value, report);
    },
  };
}

function checkNumber(rules: Record<string, unknown>, value: number, report: Report): void {
  if (rules.ignore_empty === true && value === 0) return;
  const num = (key: string) => (rules[key] === undefined ? undefined : Number(rules[key]));
  const [gt, gte, lt, lte] = [num("gt"), num("gte"), num("lt"), num("lte")];
  const lowerOk = gt !== undefined ? value > gt : gte !== undefined ? value >= gte : true;
  const upperOk = lt !== undefined ? value < lt : lte !== undefined ? value <= lte : true;
  const lower = gt ?? gte;
  const upper = lt ?? lte;
  // validate.proto: when the upper bound is below the lower one, the range is exclusive (outside).
  const exclusive = lower !== undefined && upper !== undefined && upper < lower;
  if (exclusive ? !(lowerOk || upperOk) : !(lowerOk && upperOk)) {
    report(`${String(value)} is out of range ${JSON.stringify({ gt, gte, lt, lte })}`);
  }
  checkMembership(rules, value, (v) => Number(v), report);
}

function checkString(rules: Record<string, unknown>, value: string, report: Report): void {
  if (rules.ignore_empty === true && value === "") return;
  const chars = Array.from(value).length;
  const bytes = Buffer.byteLength(value, "utf8");
  const limit = (key: string, ok: (n: number) => boolean) => {
    if (rules[key] !== undefined && !ok(Number(rules[key])))
      report(`${JSON.stringify(value)} violates ${key}`);
  };
  limit("len", (n) => chars === n);
  limit("min_len", (n) => chars >= n);
  limit("max_len", (n) => chars <= n);
  limit("len_bytes", (n) => bytes === n);
  limit("min_bytes", (n) => bytes >= n);
  limit("max_bytes", (n) => bytes <= n);
  const text = (key: string, ok: (s: string) => boolean) => {
    if (typeof rules[key] === "string" && !ok(rules[key])) report(`${JSON.stringify(value)} violates ${key}`);
  };
  text("const", (s) => value === s);
  text("prefix", (s) => value.startsWith(s));
  text("suffix", (s) => value.endsWith(s));
  text("contains", (s) => value.includes(s));
  text("not_contains", (s) => !value.includes(s));
  text("pattern", (s) => new RegExp(s, "u").test(value));
  if (rules.well_known_regex !== undefined) checkWellKnownRegex(rules, value, report);
  checkMembership(rules, value, String, report);
  const known = [
    "ignore_empty",
    "len",
    "min_len",
    "max_len",
    "len_bytes",
    "min_bytes",
    "max_bytes",
    "const",
    "prefix",
  ];
  const more = [
    "suffix",
    "contains",
    "not_contains",
    "pattern",
    "well_known_regex",
    "strict",
    "in",
    "not_in",
  ];
  for (const key of Object.keys(rules)) {
    if (![...known, ...more].includes(key)) report(`the harness does not implement string rule ${key}`);
  }
}

/** validate.proto KnownRegex, with `strict: false` relaxing both to "no NUL, CR or LF". */
function checkWellKnownRegex(rules: Record<string, unknown>, value: string, report: Report): void {
  const loose = /^[^\0\n\r]*$/u;
  const strict: Record<string, RegExp> = {
    HTTP_HEADER_NAME: /^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/u,
    // eslint-disable-next-line no-control-regex -- header values must not hold control characters
    HTTP_HEADER_VALUE: /^[^\0-\x08\x0A-\x1F\x7F]*$/u,
  };
  const name =
    rules.well_known_regex === 1
      ? "HTTP_HEADER_NAME"
      : rules.well_known_regex === 2
        ? "HTTP_HEADER_VALUE"
        : String(rules.well_known_regex);
  const regex = rules.strict === false ? loose : strict[name];
  if (!regex) report(`the harness does not implement well_known_regex ${name}`);
  else if (!regex.test(value)) report(`${JSON.stringify(value)} is not a valid ${name}`);
}

function checkEnum(
  rules: Record<string, unknown>,
  type: protobuf.Enum | undefined,
  value: unknown,
  report: Report,
) {
  const number = typeof value === "string" ? type?.values[value] : Number(value);
  if (
    rules.defined_only === true &&
    (number === undefined || !Object.values(type?.values ?? {}).includes(number))
  ) {
    report(`${String(value)} is not a defined enum value`);
  }
  if (rules.const !== undefined && Number(rules.const) !== number) report(`must be ${show(rules.const)}`);
  checkMembership(rules, number, (v) => Number(v), report);
}

function checkAny(rules: Record<string, unknown>, value: unknown, report: Report): void {
  checkMembership(rules, asObject(value)["@type"], String, report);
}

function checkMembership(
  rules: Record<string, unknown>,
  value: unknown,
  norm: (v: unknown) => unknown,
  report: Report,
) {
  const list = (key: string) => (Array.isArray(rules[key]) ? rules[key].map(norm) : undefined);
  const allowed = list("in");
  const denied = list("not_in");
  if (allowed && !allowed.includes(value))
    report(`${String(value)} is not one of ${JSON.stringify(allowed)}`);
  if (denied?.includes(value)) report(`${String(value)} is one of the forbidden ${JSON.stringify(denied)}`);
}

function checkRepeated(
  field: protobuf.Field,
  rules: Record<string, unknown>,
  items: unknown[],
  report: Report,
) {
  if (rules.ignore_empty === true && items.length === 0) return;
  if (rules.min_items !== undefined && items.length < Number(rules.min_items))
    report(`needs ≥ ${show(rules.min_items)} items`);
  if (rules.max_items !== undefined && items.length > Number(rules.max_items))
    report(`allows ≤ ${show(rules.max_items)} items`);
  if (rules.unique === true && new Set(items.map((item) => JSON.stringify(item))).size !== items.length) {
    report("items must be unique");
  }
  const itemRules = rules.items as FieldRules | undefined;
  if (itemRules) {
    const single = new protobuf.Field(field.name, field.id, field.type);
    single.resolvedType = field.resolvedType;
    for (const item of items) checkSingular(single, itemRules, item, report);
  }
}

function checkMap(rules: Record<string, unknown>, map: Record<string, unknown>, report: Report): void {
  const size = Object.keys(map).length;
  if (rules.ignore_empty === true && size === 0) return;
  if (rules.min_pairs !== undefined && size < Number(rules.min_pairs))
    report(`needs ≥ ${show(rules.min_pairs)} entries`);
  if (rules.max_pairs !== undefined && size > Number(rules.max_pairs))
    report(`allows ≤ ${show(rules.max_pairs)} entries`);
  for (const key of ["keys", "values", "no_sparse"]) {
    if (rules[key] !== undefined) report(`the harness does not implement map rule ${key}`);
  }
}

/** Duration rules hold Duration messages; compare everything in nanoseconds. */
function durationRules(rules: Record<string, unknown>): Record<string, unknown> {
  const nanos = (v: unknown) => {
    const d = asObject(v);
    return Number(d.seconds ?? 0) * 1e9 + Number(d.nanos ?? 0);
  };
  return Object.fromEntries(
    Object.entries(rules).map(([key, v]) => [
      key,
      Array.isArray(v) ? v.map(nanos) : key === "required" ? v : nanos(v),
    ]),
  );
}

/** ProtoJSON durations are "<seconds>[.<fraction>]s"; protojson has already checked the form. */
function durationNanos(value: unknown): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/u.exec(String(value));
  if (!match) return Number.NaN;
  const nanos = Number(match[2]) * 1e9 + Number((match[3] ?? "").padEnd(9, "0"));
  return match[1] === "-" ? -nanos : nanos;
}

function defaultValue(field: protobuf.Field): unknown {
  if (field.resolvedType instanceof protobuf.Enum) return 0;
  if (field.type === "string" || field.type === "bytes") return "";
  return field.type === "bool" ? false : 0;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function show(value: unknown): string {
  return JSON.stringify(value);
}
