import { setTimeout as sleep } from "node:timers/promises";
import type { HttpLibrary, RequestContext, ResponseContext } from "@kubernetes/client-node";
import type { ClientNode } from "./client.js";

/** Times a request is sent again before its answer is taken as it is: client-go's number. */
const RETRIES = 10;
/** The longest lane7 waits before sending a request again, whatever Retry-After says. */
const MAX_WAIT_SECONDS = 10;

/** Sends one request, and gives its answer. */
export type Send = (request: RequestContext) => Promise<ResponseContext>;

/**
 * client-node's HTTP library, sending a request again after the wait the API server asks for: it answers
 * 429 Too Many Requests when it throttles a client, and while a custom resource's storage is being set up,
 * just after its CRD is created ("storage is (re)initializing"); a 5xx with Retry-After when it cannot serve
 * the request yet. Such a request was not carried out, so sending it again is safe for any verb, as
 * client-go does.
 */
export function retryingHttpLibrary(lib: ClientNode): HttpLibrary {
  const fetching = new lib.IsomorphicFetchHttpLibrary();
  return lib.wrapHttpLibrary({ send: retrying((request) => fetching.send(request).toPromise()) });
}

/** `send`, answers that ask for a wait waited out (see retryingHttpLibrary). */
export function retrying(send: Send, wait: (ms: number) => Promise<unknown> = sleep): Send {
  return async (request) => {
    for (let retry = 0; ; retry++) {
      const response = await send(request);
      const seconds = retryAfter(response);
      if (seconds === undefined || retry === RETRIES) return response;
      await response.body.text(); // read to the end, so its connection can be used again
      await wait(seconds * 1000);
    }
  };
}

/** The seconds to wait before sending again, if the answer asks for a retry. */
function retryAfter(response: ResponseContext): number | undefined {
  const status = response.httpStatusCode;
  const header = response.headers["retry-after"];
  const given = header === undefined ? undefined : Number(header);
  const seconds = given !== undefined && Number.isInteger(given) && given >= 0 ? given : undefined;
  const asked = status === 429 ? (seconds ?? 1) : status >= 500 && status <= 599 ? seconds : undefined;
  return asked === undefined ? undefined : Math.min(Math.max(asked, 1), MAX_WAIT_SECONDS);
}
