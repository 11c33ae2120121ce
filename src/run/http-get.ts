import { get } from "node:http";

/** GET http://127.0.0.1:<port><path> as JSON; rejects on a connection error, a non-2xx status or a timeout. */
export function getJson(port: number, path: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = get({ host: "127.0.0.1", port, path, timeout: timeoutMs, agent: false }, (response) => {
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
    request.on("timeout", () => request.destroy(new Error(`no answer from ${path} within ${timeoutMs} ms`)));
    request.on("error", reject);
  });
}
