import type { FastifyInstance } from "fastify";
import { authorize, authorizeSession, readSessionCookie, SessionWatcher, type Grant } from "@ringflow/access";
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

declare module "fastify" {
  interface FastifyRequest {
    desktopViewer?: FeedViewer & { sessionId: string };
  }
}

/**
 * Who the socket shows things to, or null when the role may open neither the desktop nor the wallboard. An
 * agent sees the summaries of the queues they are a member of (joined or not), a supervisor every queue's.
 */
export async function viewerOf(db: Db, grant: Grant): Promise<FeedViewer | null> {
  const supervisor = grant.permissions.includes("wallboard.view");
  if (!supervisor && !grant.permissions.includes("desktop.use")) return null;
  const agent = await db.agent.findFirst({
    where: { tenantId: grant.tenantId, membershipId: grant.membershipId },
    select: { id: true, queues: { where: { tenantId: grant.tenantId }, select: { queueId: true } } },
  });
  return {
    userId: grant.user.id,
    tenantId: grant.tenantId,
    agentId: agent?.id ?? null,
    supervisor,
    queueIds: supervisor ? null : new Set(agent?.queues.map((member) => member.queueId) ?? []),
  };
}

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
      // Refused before the upgrade: another site's page, nobody signed in, a role with neither permission.
      preValidation: async (request, reply) => {
        const origin = request.headers.origin;
        if (origin && !deps.allowedOrigins.includes(origin))
          return reply.code(403).send({ error: "origin not allowed" });
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
        request.desktopViewer = { ...viewer, sessionId: grant.session.id };
      },
    },
    (socket, request) => {
      const { sessionId, ...viewer } = request.desktopViewer as FeedViewer & { sessionId: string };
      const connection = new DesktopConnection(socket, viewer, { hub, store, presence, log: request.log });
      const watching = watcher.watchSession(sessionId, (end) => socket.close(end.code, end.message), {
        // A change of role or membership narrows (or ends) what the open socket shows.
        recheck: async (found) => {
          const grant = await authorizeSession({ db: deps.db }, found, { tenant: viewer.tenantId });
          const now = grant.ok ? await viewerOf(deps.db, grant) : null;
          if (!now) return false;
          const queuesBefore = connection.viewer.queueIds;
          Object.assign(connection.viewer, now);
          // Queues it may see now, or no longer: a fresh snapshot replaces what the socket shows.
          if (!sameQueues(queuesBefore, now.queueIds)) await connection.refresh();
          return true;
        },
      });
      socket.once("close", () => void watching.then((unwatch) => unwatch()));
    },
  );
}
