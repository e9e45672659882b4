import { LogController, type FastifyReply, type FastifyRequest } from "fastify";
import { isSecretName, MASK } from "./mask.ts";

/** Spread into `Fastify({...})`: its own two lines per request ("incoming request", "request completed") off. */
export const oneLineRequestLogging = () => ({
  logController: new LogController({ disableRequestLogging: true }),
});

// Beyond the shared secret names: any key, and one-time codes (OAuth, confirmation links).
const secretParam = (name: string) => isSecretName(name) || /key|code/i.test(name);

/** The path and query of a URL with the values of secret-looking parameters replaced. */
export function loggableUrl(rawUrl: string): string {
  const queryAt = rawUrl.indexOf("?");
  if (queryAt === -1) return rawUrl;
  const params = new URLSearchParams(rawUrl.slice(queryAt + 1));
  for (const name of new Set(params.keys())) if (secretParam(name)) params.set(name, MASK);
  const query = params.toString().replaceAll(encodeURIComponent(MASK), MASK);
  return `${rawUrl.slice(0, queryAt)}${query ? `?${query}` : ""}`;
}

export interface RequestLogOptions {
  /** Requests logged at debug when they succeed (health checks, static files); default: /health. */
  quiet?: (path: string, request: FastifyRequest) => boolean;
}

const defaultQuiet = (path: string) => path === "/health";

/**
 * One line per request when the answer is sent: method, url (query secrets redacted), status, ms.
 * Failures stay visible whatever `quiet` says: 5xx at error, 4xx at info.
 */
/** Any Fastify instance, whatever its logger type (a pino Logger, Fastify's base logger). */
interface HookTarget {
  addHook(name: "onResponse", hook: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): unknown;
}

export function logRequests(app: HookTarget, options: RequestLogOptions = {}): void {
  const quiet = options.quiet ?? defaultQuiet;
  app.addHook("onResponse", async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split("?", 1)[0]!;
    const status = reply.statusCode;
    const fields = {
      method: request.method,
      url: loggableUrl(request.url),
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    const line = `${request.method} ${fields.url} ${status}`;
    if (status >= 500) request.log.error(fields, line);
    else if (status < 400 && quiet(path, request)) request.log.debug(fields, line);
    else request.log.info(fields, line);
  });
}
