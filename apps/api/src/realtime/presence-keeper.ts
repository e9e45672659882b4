import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger as Logger } from "fastify";
import { presenceChange } from "./feed-projection.ts";
import type { FeedStore } from "./feed-store.ts";

/** Closes a socket whose heartbeat was reaped while it lived (its process stalled): it reconnects and resumes. */
export const LOST = { code: 4410, message: "connection lost: reconnect and resume" } as const;

/** Takes a lost agent offline: "busy" while they are rung or on a call (tried again at the next beat). */
export type SignOutLostAgent = (tenantId: string, agentId: string) => Promise<"done" | "busy">;

interface Held {
  tenantId: string;
  userId: string;
  agentId: string | null;
  onLost(): void;
}

const memberOf = (userId: string, agentId: string | null) => `${randomUUID()}|${userId}|${agentId ?? ""}`;

function readMember(member: string): { userId: string; agentId: string | null } {
  const [, userId = "", agentId = ""] = member.split("|");
  return { userId, agentId: agentId || null };
}

/**
 * Presence that survives a process that dies: every socket has a heartbeat entry in Redis that the process
 * holding it extends every third of its lifetime. Every process also reaps the entries nobody extended (the
 * user's presence goes, as if the socket had closed) and takes agents offline, reason "connection-lost", once
 * their last socket has been gone for a lifetime (a reload or a reconnect to another process comes back
 * sooner); an agent being rung or on a call goes offline when the call ends, never in the middle of it.
 */
export class PresenceKeeper {
  private readonly held = new Map<string, Held>();
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;

  constructor(
    private readonly store: FeedStore,
    private readonly signOut: SignOutLostAgent,
    private readonly log: Logger,
    private readonly ttlMs = 30_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.beat(), Math.max(50, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** Stops extending this process's sockets (closing them is the server's). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
  }

  /** A socket of the user opened here: the user is present, and their agent is no longer about to go offline. */
  async opened(
    tenantId: string,
    userId: string,
    agentId: string | null,
    onLost: () => void,
  ): Promise<string> {
    const member = memberOf(userId, agentId);
    this.held.set(member, { tenantId, userId, agentId, onLost });
    await this.store.refresh(tenantId, this.ttlMs, []);
    await this.store.apply(tenantId, [
      presenceChange(tenantId, userId, 1, Date.now(), {
        socket: { add: member, ttlMs: this.ttlMs },
        ...(agentId ? { lost: { agentId, afterMs: this.ttlMs } } : {}),
      }),
    ]);
    return member;
  }

  /** The socket closed: the user's presence goes with their last socket, their agent a lifetime later. */
  async closed(member: string): Promise<void> {
    const held = this.held.get(member);
    if (!held) return;
    this.held.delete(member);
    await this.gone(held.tenantId, member, this.ttlMs);
  }

  private async gone(tenantId: string, member: string, lostAfterMs: number) {
    const { userId, agentId } = readMember(member);
    await this.store.apply(tenantId, [
      presenceChange(tenantId, userId, -1, Date.now(), {
        socket: { remove: member },
        ...(agentId ? { lost: { agentId, afterMs: lostAfterMs } } : {}),
      }),
    ]);
  }

  /** One heartbeat: extends this process's sockets, then reaps everybody's expired ones. */
  beat(): Promise<void> {
    this.beating ??= this.extendAndReap()
      .catch((error: unknown) => this.log.warn({ err: error }, "realtime: presence heartbeat failed"))
      .finally(() => {
        this.beating = null;
      });
    return this.beating;
  }

  private async extendAndReap() {
    const byTenant = new Map<string, string[]>();
    for (const [member, held] of this.held)
      byTenant.set(held.tenantId, [...(byTenant.get(held.tenantId) ?? []), member]);
    for (const [tenantId, members] of byTenant) {
      for (const member of await this.store.refresh(tenantId, this.ttlMs, members)) {
        // Reaped while it lived (this process stalled past the lifetime): the socket starts again.
        const held = this.held.get(member);
        this.held.delete(member);
        held?.onLost();
      }
    }
    for (const tenantId of await this.store.presenceTenants()) {
      const { sockets, lostAgents } = await this.store.due(tenantId);
      // The process holding these died: nobody will close them. Their agent has waited a lifetime already.
      for (const member of sockets) await this.gone(tenantId, member, 0);
      for (const agentId of lostAgents)
        if ((await this.signOut(tenantId, agentId)) === "done")
          await this.store.forgetLost(tenantId, agentId);
    }
  }
}
