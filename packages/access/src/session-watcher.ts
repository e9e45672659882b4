import type { Redis } from "@ringflow/platform";
import { accessChannel, accessEventSchema, type AccessEvent } from "./access-events.ts";
import { authorizeSession } from "./authorize.ts";
import type { Permission } from "./permissions.ts";
import { tenantsWithPermission } from "./role-permissions.ts";
import { defaultSessionPolicy } from "./session-policy.ts";
import { findLiveSession, sessionEndsAt, type LiveSession, type SessionDeps } from "./sessions.ts";

/** Why a watched session ended, with the WebSocket close code and reason to send. */
export const SESSION_ENDS = {
  "signed-out": { code: 4401, message: "signed out" },
  expired: { code: 4401, message: "session expired" },
  forbidden: { code: 4403, message: "permission withdrawn" },
} as const;
export type SessionEndReason = keyof typeof SESSION_ENDS;
export type SessionEnd = { reason: SessionEndReason; code: number; message: string };

export interface WatchScope {
  /** What the socket needs to stay open; checked again whenever access changes. */
  permission?: Permission;
  /** Where it is needed; without one, holding it in any of the user's workspaces is enough. */
  tenant?: string;
  /** Replaces the permission check (e.g. to refresh what the socket may reach); false ends the session. */
  recheck?: (found: LiveSession) => Promise<boolean>;
}

/** A connection without a session (an API token's): rechecked whenever its user's access in the tenant changes. */
interface AccessWatch {
  tenantId: string;
  userId: string;
  recheck: () => Promise<boolean>;
  onEnd: (end: SessionEnd) => void;
}

interface Watch {
  sessionId: string;
  userId: string;
  scope: WatchScope;
  onEnd: (end: SessionEnd) => void;
  timer: NodeJS.Timeout | null;
  ended: boolean;
}

// setTimeout overflows past 2^31 ms (24.8 days), shorter than a session's lifetime.
const MAX_TIMER_MS = 6 * 60 * 60 * 1000;
// A sign-out heard just before its socket started watching (authorized, not yet upgraded) still counts.
const REMEMBER_ENDED_MS = 60_000;

/**
 * Tells long-lived connections (simulator, agent desktop, wallboard sockets) when their session ends:
 * signed out or withdrawn (pub/sub, any process) or expired (a timer at its idle/absolute end).
 * One subscriber connection per watcher, opened at the first watch.
 */
export class SessionWatcher {
  private readonly watches = new Set<Watch>();
  private readonly recentlyEnded = new Map<string, number>();
  private readonly accessWatches = new Set<AccessWatch>();
  private subscriber: Promise<Redis> | null = null;

  constructor(private readonly deps: SessionDeps & { redis: Redis }) {}

  /** Calls `onEnd` once when the session ends; returns the function that stops watching. */
  async watchSession(
    sessionId: string,
    onEnd: (end: SessionEnd) => void,
    scope: WatchScope = {},
  ): Promise<() => void> {
    await this.ready();
    const found = await findLiveSession(this.deps, sessionId, { touch: false });
    const watch: Watch = { sessionId, userId: found?.user.id ?? "", scope, onEnd, timer: null, ended: false };
    this.watches.add(watch);
    if (this.recentlyEnded.has(sessionId)) this.end(watch, "signed-out");
    else if (!found) this.end(watch, "expired");
    else this.schedule(watch, found);
    return () => this.stop(watch);
  }

  /**
   * Calls `onEnd` (forbidden) once `recheck` answers false, asked whenever access changes for the user in the
   * tenant (a role, a permission, a revoked token); returns the function that stops watching.
   */
  async watchAccess(
    scope: { tenantId: string; userId: string; recheck: () => Promise<boolean> },
    onEnd: (end: SessionEnd) => void,
  ): Promise<() => void> {
    await this.ready();
    const watch: AccessWatch = { ...scope, onEnd };
    this.accessWatches.add(watch);
    return () => this.accessWatches.delete(watch);
  }

  async close(): Promise<void> {
    this.accessWatches.clear();
    for (const watch of this.watches) this.stop(watch);
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await (await subscriber).quit();
  }

  /** Subscribes now (a server calls it at start), so no sign-out is missed while sockets open. */
  async ready(): Promise<void> {
    await this.subscribe();
  }

  private subscribe(): Promise<Redis> {
    this.subscriber ??= (async () => {
      const subscriber = this.deps.redis.duplicate();
      // It reconnects and resubscribes by itself; sessions still end on their timers meanwhile.
      subscriber.on("error", () => {});
      subscriber.on("message", (_channel, raw: string) => {
        const parsed = accessEventSchema.safeParse(safeJson(raw));
        if (parsed.success) void this.dispatch(parsed.data);
      });
      await subscriber.subscribe(accessChannel(this.deps.redis));
      return subscriber;
    })();
    return this.subscriber;
  }

  private async dispatch(event: AccessEvent) {
    if (event.type === "session.ended") this.remember(event.sessionId);
    for (const watch of [...this.watches]) {
      if (event.type === "session.ended" && event.sessionId === watch.sessionId)
        this.end(watch, "signed-out");
      if (event.type === "access.changed" && (event.userId === null || event.userId === watch.userId))
        await this.recheck(watch).catch(() => this.end(watch, "forbidden"));
    }
    if (event.type !== "access.changed") return;
    for (const watch of [...this.accessWatches]) {
      if (watch.tenantId !== event.tenantId || (event.userId !== null && event.userId !== watch.userId))
        continue;
      const allowed = await watch.recheck().catch(() => false);
      if (allowed || !this.accessWatches.delete(watch)) continue;
      watch.onEnd({ reason: "forbidden", ...SESSION_ENDS.forbidden });
    }
  }

  private async recheck(watch: Watch) {
    const found = await findLiveSession(this.deps, watch.sessionId, { touch: false });
    if (!found) return this.end(watch, "expired");
    if (!(await this.allowed(watch.scope, found))) this.end(watch, "forbidden");
  }

  private async allowed(scope: WatchScope, found: LiveSession): Promise<boolean> {
    if (scope.recheck) return scope.recheck(found);
    if (!scope.permission && !scope.tenant) return true;
    if (scope.tenant || !scope.permission) return (await authorizeSession(this.deps, found, scope)).ok;
    return (await tenantsWithPermission(this.deps.db, found.user.id, scope.permission)).length > 0;
  }

  private remember(sessionId: string) {
    const now = Date.now();
    for (const [id, at] of this.recentlyEnded)
      if (now - at > REMEMBER_ENDED_MS) this.recentlyEnded.delete(id);
    this.recentlyEnded.set(sessionId, now);
  }

  private schedule(watch: Watch, found: LiveSession) {
    const policy = this.deps.policy ?? defaultSessionPolicy();
    const now = this.deps.now?.() ?? new Date();
    const delay = sessionEndsAt(found.session, policy).getTime() - now.getTime();
    watch.timer = setTimeout(
      () => {
        void findLiveSession(this.deps, watch.sessionId, { touch: false }).then((live) =>
          // Still live: used meanwhile (the idle clock moved), or the timer was capped.
          live ? this.schedule(watch, live) : this.end(watch, "expired"),
        );
      },
      Math.min(Math.max(delay + 25, 0), MAX_TIMER_MS),
    );
  }

  private end(watch: Watch, reason: SessionEndReason) {
    if (watch.ended) return;
    this.stop(watch);
    watch.onEnd({ reason, ...SESSION_ENDS[reason] });
  }

  private stop(watch: Watch) {
    watch.ended = true;
    if (watch.timer) clearTimeout(watch.timer);
    this.watches.delete(watch);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
