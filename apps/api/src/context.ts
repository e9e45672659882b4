import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import { readBearerToken } from "@ringflow/access";
import type { Db } from "@ringflow/db";
import { createLogger, type Redis } from "@ringflow/platform";
import type { ApiConfig } from "./config.ts";
import { logMailer, type Mailer } from "./services/auth/mailer.ts";
import { readSessionCookie, sessionCookie, expiredSessionCookie } from "./services/auth/cookies.ts";

/** Who is asking, as far as the network tells: used for the Origin check, rate limits and the audit log. */
export interface RequestInfo {
  /** The request's Origin header, else the origin of its Referer; null when it sent neither. */
  origin: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** How a procedure hands the session cookie back; a no-op for callers without a browser. */
export interface SessionCookieJar {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** Everything a procedure may use, without req/res, so tests build it directly. */
export interface InnerContext {
  db: Db;
  redis: Redis;
  config: ApiConfig;
  /** The raw token from the session cookie, if any; validated by authedProcedure. */
  sessionToken: string | null;
  /** An integration's API token (`Authorization: Bearer`), if any; validated by `can()`. The cookie is then ignored. */
  apiToken: string | null;
  request: RequestInfo;
  cookies: SessionCookieJar;
  mailer: Mailer;
}

export type InnerContextInput = Pick<InnerContext, "db" | "redis" | "config"> &
  Partial<Omit<InnerContext, "db" | "redis" | "config" | "request">> & { request?: Partial<RequestInfo> };

const noCookies: SessionCookieJar = { set: () => {}, clear: () => {} };
const defaultMailer = logMailer(createLogger("mail"));

/** Defaults to a same-origin request without a session: what a trusted in-process caller looks like. */
export function createInnerContext(input: InnerContextInput): InnerContext {
  return {
    db: input.db,
    redis: input.redis,
    config: input.config,
    sessionToken: input.sessionToken ?? null,
    apiToken: input.apiToken ?? null,
    request: {
      origin: new URL(input.config.publicUrl).origin,
      ip: null,
      userAgent: null,
      ...input.request,
    },
    cookies: input.cookies ?? noCookies,
    mailer: input.mailer ?? defaultMailer,
  };
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** The inner context plus what the HTTP request carries: the session cookie, Origin, address. */
export function createRequestContext(
  base: Pick<InnerContext, "db" | "redis" | "config"> & { mailer?: Mailer },
  { req, res }: CreateFastifyContextOptions,
): InnerContext {
  const secure = base.config.publicUrl.startsWith("https:");
  const apiToken = readBearerToken(req.headers.authorization);
  return createInnerContext({
    ...base,
    // A request with a token speaks for the token alone, so a browser's cookie cannot add to it.
    apiToken,
    sessionToken: apiToken ? null : readSessionCookie(req.headers.cookie),
    request: {
      origin: originOf(req.headers.origin) ?? originOf(req.headers.referer),
      ip: req.ip,
      userAgent: req.headers["user-agent"]?.slice(0, 500) ?? null,
    },
    // On the raw response: tRPC answers with a fetch Response, which Fastify sends without the reply's headers.
    cookies: {
      set: (token, expiresAt) =>
        void res.raw.appendHeader("set-cookie", sessionCookie(token, expiresAt, secure)),
      clear: () => void res.raw.appendHeader("set-cookie", expiredSessionCookie(secure)),
    },
  });
}

export type Context = InnerContext;
