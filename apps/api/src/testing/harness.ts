import { randomUUID } from "node:crypto";
import { createDb, type Role } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { createRedis } from "@ringflow/platform";
import type { ApiConfig } from "../config.ts";
import { createInnerContext, type InnerContextInput, type SessionCookieJar } from "../context.ts";
import { appRouter } from "../routers/_app.ts";
import type { Mail, Mailer } from "../services/auth/mailer.ts";
import { createSession } from "../services/auth/sessions.ts";
import { createUser, createWorkspace } from "../services/tenants/workspaces.ts";
import { createCallerFactory } from "../trpc.ts";

export const TEST_PASSWORD = "correct horse battery";
export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

/** Collects what procedures set as the session cookie, like a browser would. */
export function cookieJar(): SessionCookieJar & {
  token: string | null;
  expiresAt: Date | null;
  cleared: number;
} {
  const jar = {
    token: null as string | null,
    expiresAt: null as Date | null,
    cleared: 0,
    set(token: string, expiresAt: Date) {
      jar.token = token;
      jar.expiresAt = expiresAt;
    },
    clear() {
      jar.token = null;
      jar.cleared += 1;
    },
  };
  return jar;
}

export const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/**
 * Real Postgres and Redis, and callers built from the inner context as the HTTP adapter would.
 * `ownRedisPrefix` keeps the harness's Redis keys (the queue engine's offers, timers, streams) apart from other
 * packages' tests running at the same time on the same prefix, whose runtime ringers would otherwise take them.
 * `databaseUrl` (a scratch database) is for tests of what a deployment has one of, such as the demo workspace.
 */
export function createHarness(
  config: Partial<ApiConfig> = {},
  options: { ownRedisPrefix?: boolean; databaseUrl?: string } = {},
) {
  const db = createDb(options.databaseUrl ?? testDatabaseUrl(), { max: 4 });
  const redis = createRedis(
    undefined,
    options.ownRedisPrefix ? { keyPrefix: `${process.env.REDIS_KEY_PREFIX ?? ""}${unique("api")}:` } : {},
  );
  const apiConfig: ApiConfig = {
    publicUrl: "http://127.0.0.1:3000",
    runtimePublicUrl: "https://runtime.ringflow.test",
    ...config,
  };

  /** Every mail the procedures sent, newest last. */
  const mailbox: Mail[] = [];
  const mailer: Mailer = { send: async (mail) => void mailbox.push(mail) };

  function caller(options: Partial<Omit<InnerContextInput, "db" | "redis" | "config">> = {}): Caller {
    return createCaller(createInnerContext({ db, redis, config: apiConfig, mailer, ...options }));
  }

  async function signedIn(userId: string, tenantId: string | null) {
    const { token } = await createSession(db, userId, { activeTenantId: tenantId });
    return {
      token,
      caller: caller({ sessionToken: token, request: { ip: `10.0.${Math.floor(Math.random() * 250)}.1` } }),
    };
  }

  /** A new workspace and its owner, signed in. */
  async function workspace(label = "ws") {
    const email = `${unique(label)}@test.ringflow`;
    const user = await createUser(db, { email, name: `${label} owner`, password: TEST_PASSWORD });
    const tenant = await createWorkspace(db, {
      name: `${label} workspace`,
      slug: unique(label),
      ownerId: user.id,
    });
    const session = await signedIn(user.id, tenant.id);
    return { tenantId: tenant.id, slug: tenant.slug, userId: user.id, email, ...session };
  }

  /** Another person in an existing workspace, with a role, signed in. */
  async function member(tenantId: string, role: Role) {
    const email = `${unique(role.toLowerCase())}@test.ringflow`;
    const user = await createUser(db, { email, name: role, password: TEST_PASSWORD });
    const membership = await db.membership.create({ data: { tenantId, userId: user.id, role } });
    const session = await signedIn(user.id, tenantId);
    return { userId: user.id, email, membershipId: membership.id, ...session };
  }

  return {
    db,
    redis,
    config: apiConfig,
    caller,
    workspace,
    member,
    mailbox,
    async close() {
      await db.$disconnect();
      await redis.quit();
    },
  };
}

export type Harness = ReturnType<typeof createHarness>;

/** The TRPC error code a call fails with, or "OK". */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    return (error as { code?: string }).code ?? `THREW ${(error as Error).message}`;
  }
}
