import type { Db } from "@ringflow/db";
import type { ProviderHealth, ProviderStatus } from "@ringflow/platform";

/** Accounts listed on /health at most: an operator's view, not a tenant's list. */
const MAX_LISTED = 200;
const LIVE = ["RINGING", "IN_PROGRESS"] as const;
/** Rows older than this with no end are stale (a lost status callback), not live calls. */
const LIVE_WINDOW_MS = 12 * 60 * 60 * 1000;

export interface ProviderConnection {
  providerAccountId: string;
  kind: string;
  status: ProviderStatus;
  liveCalls: number;
  waitingCallers: number;
  availableAgents: number;
}

/**
 * Each provider connection for the runtime's /health: up, degraded or down from its last minute of REST
 * requests and webhooks, with its live calls, the callers of those waiting in a queue, and its workspace's
 * available agents. Identifiers only: no names, no tenant's figures beyond these counts.
 */
export async function providerConnections(
  db: Db,
  health: ProviderHealth,
  now = Date.now(),
): Promise<ProviderConnection[]> {
  const accounts = await db.providerAccount.findMany({
    where: { kind: { not: "DEMO" } },
    select: { id: true, tenantId: true, kind: true },
    orderBy: { createdAt: "asc" },
    take: MAX_LISTED,
  });
  const since = new Date(now - LIVE_WINDOW_MS);
  return Promise.all(
    accounts.map(async (account) => {
      const live = {
        tenantId: account.tenantId,
        providerAccountId: account.id,
        endedAt: null,
        status: { in: [...LIVE] },
        startedAt: { gte: since },
      };
      const [report, liveCalls, waitingCallers, availableAgents] = await Promise.all([
        health.report(account.id),
        db.call.count({ where: live }),
        db.call.count({
          where: { ...live, queuedAt: { not: null }, agentAnsweredAt: null, queueOutcome: null },
        }),
        db.agent.count({ where: { tenantId: account.tenantId, status: "AVAILABLE" } }),
      ]);
      return {
        providerAccountId: account.id,
        kind: account.kind,
        status: report.status,
        liveCalls,
        waitingCallers,
        availableAgents,
      };
    }),
  );
}

/** How long /health reuses its per-account counts: a monitor polling every second costs one round of queries. */
export const CONNECTIONS_TTL_MS = 5_000;

/**
 * providerConnections for /health, computed at most once per `ttlMs` in this process: requests that arrive
 * while it is being computed share that computation, later ones reuse its answer until it is `ttlMs` old
 * (up to 200 accounts x 3 counts each is too much to run per request).
 */
export function cachedProviderConnections(
  db: Db,
  health: ProviderHealth,
  ttlMs = CONNECTIONS_TTL_MS,
  clock: () => number = Date.now,
): () => Promise<ProviderConnection[]> {
  let last: { at: number; value: Promise<ProviderConnection[]> } | null = null;
  return () => {
    const now = clock();
    if (last && now - last.at < ttlMs) return last.value;
    const value = providerConnections(db, health, now);
    const entry = { at: now, value };
    last = entry;
    // A failed round is not kept: the next request asks again.
    value.catch(() => {
      if (last === entry) last = null;
    });
    return value;
  };
}
