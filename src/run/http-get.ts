import { get } from "node:http";

/**
 * GET http://127.0.0.1:<port><path> as JSON; rejects on a connection error, a non-2xx status, once
 * `timeoutMs` has passed (the whole request, not only idle time), or once `signal` aborts. The socket is
 * destroyed in every case: no agent keeps it.
 */
export function getJson(
  port: number,
  path: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const abort = signal ? AbortSignal.any([timeout, signal]) : timeout;
  return new Promise((resolve, reject) => {
    const request = get({ host: "127.0.0.1", port, path, agent: false, signal: abort }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) reject(new Error(`HTTP ${status} from ${path}`));
        else
          try {
            resolve(JSON.parse(body));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
      });
      response.on("error", reject);
    });
    request.on("error", (error) => {
      reject(timeout.aborted ? new Error(`no answer from ${path} within ${timeoutMs} ms`) : error);
    });
  });
}
