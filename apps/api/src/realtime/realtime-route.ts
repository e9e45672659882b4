import type { FastifyInstance } from "fastify";
import {
  authorize,
  authorizeApiToken,
  authorizeSession,
  readBearerToken,
  readSessionCookie,
  SessionWatcher,
  type Permission,
} from "@ringflow/access";
import type { Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";
import { DesktopConnection } from "./desktop-connection.ts";
import { FeedHub } from "./feed-hub.ts";
import { FeedStore, type FeedStoreOptions } from "./feed-store.ts";
import { PresenceKeeper } from "./presence-keeper.ts";
import type { FeedViewer } from "./visibility.ts";
import { callWebhookEvents } from "../services/webhooks/call-events.ts";
import { queueEngine } from "../services/queues/engine.ts";
import { signOutLostAgent } from "../services/queues/agent-state.ts";
import type { WebhookQueue } from "../services/webhooks/webhook-queue.ts";

export interface RealtimeDeps {
  db: Db;
  redis: Redis;
  /** Browser origins allowed to open the feed (the builder's); requests without an Origin are not browsers. */
  allowedOrigins: string[];
  feed?: FeedStoreOptions;
  /** Where calls' webhooks (started, ended) are reported; without one none are sent. */
  webhooks?: WebhookQueue;
}

/** How the socket was let in, so that it is asked again the same way when access changes. */
type FeedAccess =
  { kind: "session"; sessionId: string } | { kind: "token"; token: string; expiresAt: Date | null };

declare module "fastify" {
  interface FastifyRequest {
    desktopFeed?: { viewer: FeedViewer; access: FeedAccess };
  }
}

/** Who is asking: a signed-in person's grant, or an API token's (whose scopes narrow what flows). */
interface FeedPrincipal {
  tenantId: string;
  membershipId: string;
  user: { id: string };
  permissions: readonly Permission[];
  token?: boolean;
}

/**
 * Who the socket shows things to, or null when it may see nothing. An agent (desktop.use) sees their own calls
 * and status and the summaries of the queues they are a member of (joined or not); a supervisor (wallboard.view)
 * everything. An API token sees what its scopes allow: wallboard.view every queue's summary, every agent's
 * status and presence; calls.read.all every call; desktop.use its creator's agent's own, as on the desktop.
 */
export async function viewerOf(db: Db, who: FeedPrincipal): Promise<FeedViewer | null> {
  const has = (permission: Permission) => who.permissions.includes(permission);
  const wallboard = has("wallboard.view");
  const desk = has("desktop.use");
  const everyCall = who.token ? has("calls.read.all") : wallboard;
  if (!wallboard && !desk && !everyCall) return null;
  const agent = await db.agent.findFirst({
    where: { tenantId: who.tenantId, membershipId: who.membershipId },
    select: { id: true, queues: { where: { tenantId: who.tenantId }, select: { queueId: true } } },
  });
  const own = desk ? "own" : "none";
  return {
    userId: who.user.id,
    tenantId: who.tenantId,
    agentId: agent?.id ?? null,
    supervisor: wallboard,
    queueIds: wallboard ? null : new Set(desk ? (agent?.queues.map((member) => member.queueId) ?? []) : []),
    sees: { calls: everyCall ? "all" : own, agents: wallboard ? "all" : own, presence: wallboard },
  };
}

/** An API token's socket closes when the token expires (tokens live days; timers beyond 24 days overflow). */
const TOKEN_EXPIRED = { code: 4401, message: "API token expired" } as const;
const MAX_TIMER_MS = 24 * 86_400_000;

const sameQueues = (a: ReadonlySet<string> | null, b: ReadonlySet<string> | null) =>
  a === null || b === null ? a === b : a.size === b.size && [...a].every((id) => b.has(id));

/**
 * `GET /realtime`: the desktop's and the wallboard's live feed over a WebSocket (protocol: @ringflow/flow-schema
 * contracts/desktop-socket). Any API process serves any socket: the feed travels through Redis.
 */
export async function realtimeRoutes(app: FastifyInstance, deps: RealtimeDeps): Promise<void> {
  const store = new FeedStore(deps.redis, deps.feed);
  const { webhooks } = deps;
  const hub = new FeedHub(
    deps.redis,
    store,
    app.log,
    webhooks
      ? async (messages) => {
          for (const event of messages.flatMap(callWebhookEvents)) await webhooks.emit(event);
        }
      : undefined,
  );
  const watcher = new SessionWatcher({ db: deps.db, redis: deps.redis });
  const presence = new PresenceKeeper(
    store,
    (tenantId, agentId) => signOutLostAgent(deps.db, queueEngine(deps.redis), tenantId, agentId),
    app.log,
    deps.feed?.presenceTtlMs,
  );
  await Promise.all([hub.start(), watcher.ready()]);
  presence.start();
  app.addHook("onClose", async () => {
    await presence.close();
    await watcher.close();
    await hub.close();
  });
  app.get(
    "/realtime",
    {
      websocket: true,
      // Refused before the upgrade: another site's page, nobody signed in, a role or token that may see nothing.
      preValidation: async (request, reply) => {
        const origin = request.headers.origin;
        if (origin && !deps.allowedOrigins.includes(origin))
          return reply.code(403).send({ error: "origin not allowed" });
        const token = readBearerToken(request.headers.authorization);
        if (token) {
          // An integration's API token, through the same module as its tRPC requests.
          const grant = await authorizeApiToken({ db: deps.db }, { token });
          if (!grant.ok) return reply.code(401).send({ error: grant.message });
          const viewer = await viewerOf(deps.db, { ...grant, token: true });
          if (!viewer)
            return reply.code(403).send({
              error:
                "This API token cannot open the live feed: it needs the scope wallboard.view (queues and agents), calls.read.all (every call) or desktop.use (its creator's own calls).",
            });
          request.desktopFeed = { viewer, access: { kind: "token", token, expiresAt: grant.expiresAt } };
          return;
        }
        const grant = await authorize(
          { db: deps.db },
          { sessionToken: readSessionCookie(request.headers.cookie) },
        );
        if (!grant.ok)
          return reply.code(grant.reason === "unauthenticated" ? 401 : 403).send({ error: grant.message });
        const viewer = await viewerOf(deps.db, grant);
        if (!viewer)
          return reply.code(403).send({
            error: `Your role (${grant.role.toLowerCase()}) cannot open the desktop or the wallboard here: it needs desktop.use or wallboard.view.`,
          });
        request.desktopFeed = { viewer, access: { kind: "session", sessionId: grant.session.id } };
      },
    },
    (socket, request) => {
      const { viewer, access } = request.desktopFeed as { viewer: FeedViewer; access: FeedAccess };
      const connection = new DesktopConnection(socket, viewer, {
        hub,
        store,
        // An integration's socket is not a person at their desk.
        presence: access.kind === "session" ? presence : null,
        log: request.log,
      });
      /** A change of role, membership, scopes or queues narrows (or ends) what the open socket shows. */
      const follow = async (now: FeedViewer | null) => {
        if (!now) return false;
        const { queueIds, agentId } = connection.viewer;
        Object.assign(connection.viewer, now);
        // Another agent, or queues it may see now or no longer: a fresh snapshot replaces what the socket shows.
        if (agentId !== now.agentId || !sameQueues(queueIds, now.queueIds)) await connection.refresh();
        return true;
      };
      const close = (end: { code: number; message: string }) => socket.close(end.code, end.message);
      let watching: Promise<() => void>;
      if (access.kind === "token") {
        watching = watcher.watchAccess(
          {
            tenantId: viewer.tenantId,
            userId: viewer.userId,
            recheck: async () => {
              const grant = await authorizeApiToken({ db: deps.db }, { token: access.token });
              return follow(grant.ok ? await viewerOf(deps.db, { ...grant, token: true }) : null);
            },
          },
          close,
        );
        const expiry = access.expiresAt
          ? setTimeout(
              () => close(TOKEN_EXPIRED),
              Math.min(Math.max(access.expiresAt.getTime() - Date.now(), 0), MAX_TIMER_MS),
            )
          : null;
        socket.once("close", () => expiry && clearTimeout(expiry));
      } else {
        watching = watcher.watchSession(access.sessionId, close, {
          recheck: async (found) => {
            const grant = await authorizeSession({ db: deps.db }, found, { tenant: viewer.tenantId });
            return follow(grant.ok ? await viewerOf(deps.db, grant) : null);
          },
        });
      }
      socket.once("close", () => void watching.then((unwatch) => unwatch()));
    },
  );
}
