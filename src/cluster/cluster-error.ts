import { terminalSafe } from "../control-characters.js";
import { errorMessage } from "../error-message.js";
import { UserError } from "../exit-codes.js";
import type { ClusterTarget } from "./connect.js";

const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "timed out",
  UND_ERR_CONNECT_TIMEOUT: "timed out",
};

/** Node's codes for a certificate the client does not trust, or a TLS handshake that failed. */
const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|EPROTO$)/;

/** A Kubernetes Status, as the API server sends it with an error. */
interface Status {
  message?: string;
  reason?: string;
  code?: number;
  details?: { kind?: string; name?: string };
}

/**
 * Any client-node / network failure → a UserError with one clear line naming the server and what failed:
 * unreachable (ECONNREFUSED/ENOTFOUND/timeout), TLS/certificate problem, 401 (token expired or invalid),
 * 403 (forbidden: the verb, resource and namespace from the Status body), other Status errors with their
 * message.
 */
export function clusterError(error: unknown, target: ClusterTarget, doing: string): UserError {
  if (error instanceof UserError) return error;
  const line = `${doing}: ${explain(error, target)}`;
  return new UserError(terminalSafe(line, { oneLine: true }));
}

function explain(error: unknown, target: ClusterTarget): string {
  const server = target.server;
  const httpCode = statusCodeOf(error);
  if (httpCode !== null) return explainStatus(httpCode, statusBody(error), target);
  const code = systemCode(error);
  if (code !== null && code in UNREACHABLE) {
    return `cannot reach the API server ${server} (${UNREACHABLE[code] ?? code})`;
  }
  if (code !== null && TLS_CODE.test(code)) {
    return `TLS problem with the API server ${server}: ${fetchReason(errorMessage(error))} (${code})`;
  }
  if (isTimeout(error)) return `cannot reach the API server ${server} (timed out)`;
  return `${server}: ${firstLine(errorMessage(error))}`;
}

function explainStatus(code: number, status: Status | null, target: ClusterTarget): string {
  const server = target.server;
  if (code === 401) {
    return `${server} answered 401 Unauthorized: the credentials of user ${target.user} are expired or invalid`;
  }
  const message = status?.message ? firstLine(status.message) : null;
  if (code === 403) {
    const denied = message === null ? null : forbiddenAction(message);
    return `${server} answered 403 Forbidden: ${denied ?? message ?? `user ${target.user} may not do this`}`;
  }
  const reason = status?.reason ? ` ${status.reason}` : "";
  return `${server} answered ${code}${reason}${message === null ? "" : `: ${message}`}`;
}

/** "User "x" cannot create resource "secrets" in API group "" in the namespace "n"" → its parts. */
function forbiddenAction(message: string): string | null {
  const match =
    /User "([^"]*)" cannot (\S+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/.exec(
      message,
    );
  if (match === null) return null;
  const [, user, verb, resource, group, namespace] = match;
  const what = group ? `${resource}.${group}` : resource;
  const where = namespace ? `in namespace ${namespace}` : "cluster-wide";
  return `user ${user} may not ${verb} ${what} ${where}`;
}

function statusCodeOf(error: unknown): number | null {
  if (!isObject(error) || !("body" in error) || !("code" in error)) return null;
  return typeof error.code === "number" ? error.code : null;
}

function statusBody(error: unknown): Status | null {
  const body = isObject(error) && "body" in error ? error.body : undefined;
  if (isObject(body)) return body;
  if (typeof body !== "string") return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? parsed : null;
  } catch {
    return { message: body };
  }
}

/** The errno-style code of a failure, or of its cause (fetch wraps the socket's error). */
function systemCode(error: unknown): string | null {
  for (let current: unknown = error; isObject(current); current = causeOf(current)) {
    if ("code" in current && typeof current.code === "string") return current.code;
  }
  return null;
}

function isTimeout(error: unknown): boolean {
  if (!isObject(error)) return false;
  const type = "type" in error ? error.type : undefined;
  const name = "name" in error ? error.name : undefined;
  return type === "request-timeout" || name === "AbortError" || name === "TimeoutError";
}

function causeOf(error: unknown): unknown {
  return isObject(error) && "cause" in error ? error.cause : undefined;
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** node-fetch says "request to URL failed, reason: WHY": the reason is the news. */
function fetchReason(message: string): string {
  const line = firstLine(message);
  const at = line.indexOf("reason: ");
  return at === -1 ? line : line.slice(at + "reason: ".length);
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
