import type { Db, QueueStrategy } from "@ringflow/db";
import type {
  AgentState,
  CallCommandOf,
  CallControlReport,
  CallControlTarget,
  EnqueueStatus,
} from "@ringflow/flow-schema";
import type { Logger, ProviderHealth } from "@ringflow/platform";
import { syncAgent, syncQueue, type FedOffer, type QueueEngine, type QueueResult } from "@ringflow/queues";
import { logCall } from "../calls/call-log.ts";
import type { CallProviderName, LiveCall } from "../calls/call-record.ts";
import type { Clock } from "../calls/clock.ts";
import type { LogStream } from "../calls/log-stream.ts";
import type { LogQueue } from "../jobs/call-log.job.ts";
import type { ControlLegQuery } from "./control-leg.ts";
import { isConferenceCarrier, ringCallback } from "./callback-failover.ts";
import { preferredAgentIds } from "./preferred-agent.ts";
import type { QueueDelivery } from "./queue-delivery.ts";
import type { QueuedCall, QueuedCallProgress, QueuedCalls } from "./queued-calls.ts";

export interface QueueCallsDeps {
  db: Db;
  engine: QueueEngine;
  calls: QueuedCalls;
  log: LogStream;
  clock: Clock;
  logger: Pick<Logger, "warn" | "error">;
  deliveries: Partial<Record<CallProviderName, QueueDelivery>>;
  /** Carrier accounts marked down: a callback goes out through the backup account instead. */
  health?: ProviderHealth | undefined;
}

/** What the caller's side does next, whichever way the wait went. */
export type WaitView =
  | {
      kind: "waiting";
      call: QueuedCall;
      progress: QueuedCallProgress;
      position: number | null;
      estimatedWaitMs: number | null;
    }
  | { kind: "connected"; call: QueuedCall; progress: QueuedCallProgress }
  | { kind: "left"; status: EnqueueStatus; waitSeconds: number };

/**
 * The Enqueue step on the queue engine, provider-neutral: a call enters its queue (the queue named by the
 * block, its required skills with the block's, priority, test flag), waits, is offered, connected and
 * completed; agents answer or refuse offers. The provider's `QueueDelivery` rings and moves the legs.
 */
export class QueueCalls {
  constructor(private readonly deps: QueueCallsDeps) {}

  private delivery(call: QueuedCall): QueueDelivery | undefined {
    return this.deps.deliveries[call.provider as CallProviderName];
  }

  /** The call enters the queue the block names. Replays of the same turn change nothing. */
  async enter(record: LiveCall, command: CallCommandOf<"enqueue">, account: string): Promise<WaitView> {
    const { tenantId, callId } = record.meta;
    const existing = await this.deps.calls.get(tenantId, callId);
    if (existing?.call.turn === command.turn) return this.view(tenantId, callId);
    const queue = await this.deps.db.queue.findFirst({
      where: { tenantId, name: command.queue },
      select: {
        id: true,
        holdMusicUrl: true,
        strategy: true,
        requiredSkills: {
          where: { tenantId },
          select: { minLevel: true, skill: { select: { name: true } } },
        },
      },
    });
    if (!queue) {
      this.deps.logger.warn(
        { tenantId, callId, queue: command.queue },
        "the Enqueue block names no queue of the tenant",
      );
      return { kind: "left", status: "overflow", waitSeconds: 0 };
    }
    const requiredSkills: Record<string, number> = Object.fromEntries(
      queue.requiredSkills.map((s) => [s.skill.name, s.minLevel]),
    );
    for (const skill of command.skills) requiredSkills[skill] ??= 1;
    const preferredAgentIds = await this.preferred(record, command, queue.strategy);
    const delivery = this.deps.deliveries[record.meta.provider];
    const input = {
      queueId: queue.id,
      callId,
      priority: command.priority,
      reaches: delivery?.reaches ?? ["phone" as const],
      requiredSkills,
      preferredAgentIds,
      test: record.meta.test,
      maxWaitSeconds: Math.round(command.maxWaitSeconds),
    };
    const now = this.deps.clock();
    const call: QueuedCall = {
      tenantId,
      callId,
      turn: command.turn,
      account,
      provider: record.meta.provider,
      providerCallId: record.meta.providerCallId,
      providerAccountId: record.meta.providerAccountId,
      carrierAccountSid: record.state.flow.accountId,
      from: record.meta.from,
      to: record.meta.to,
      queueId: queue.id,
      language: command.language,
      holdMusicUrl: command.holdMusicUrl ?? queue.holdMusicUrl,
      announcePosition: command.announcePosition,
      announceWaitTime: command.announceWaitTime,
      announceEverySeconds: command.announceEverySeconds,
      offerCallback: command.offerCallback,
      enteredAt: now,
      test: record.meta.test,
      logCall: logCall(record),
    };
    // Recorded before the engine may offer it: a ringer that takes the offer at once finds the call.
    await this.deps.calls.enter(call);
    let result = await this.deps.engine.enqueue(tenantId, input);
    if (result.status === "unknown-queue") {
      await syncQueue(this.deps.db, this.deps.engine, tenantId, queue.id);
      result = await this.deps.engine.enqueue(tenantId, input);
    }
    await this.logQueue(call, { queueId: queue.id, queuedAt: now });
    if (result.status === "overflow" || result.status === "unknown-queue") {
      await this.finish(call, "overflow");
      return { kind: "left", status: "overflow", waitSeconds: 0 };
    }
    return this.view(tenantId, callId, result);
  }

  /** The block's preferred agent as the engine knows agents; a name nobody answers to is logged and skipped. */
  private async preferred(record: LiveCall, command: CallCommandOf<"enqueue">, strategy: QueueStrategy) {
    if (!command.preferredAgent) return [];
    const { tenantId, callId } = record.meta;
    const ids = await preferredAgentIds(this.deps.db, tenantId, command.preferredAgent);
    if (!ids.length)
      this.deps.logger.warn(
        { tenantId, callId, preferredAgent: command.preferredAgent },
        "the Enqueue block prefers an agent the workspace does not have (no such id, extension or email)",
      );
    else if (strategy !== "SKILLS")
      this.deps.logger.warn(
        { tenantId, callId, queue: command.queue },
        "the Enqueue block prefers an agent, but the queue does not route by skills, so nobody is preferred",
      );
    return ids;
  }

  /** Where the call stands: waiting (with position and estimate), connected to an agent, or out of the queue. */
  async view(tenantId: string, callId: string, known?: QueueResult): Promise<WaitView> {
    const found = await this.deps.calls.get(tenantId, callId);
    if (!found) return { kind: "left", status: "overflow", waitSeconds: 0 };
    const { call, progress } = found;
    const waitSeconds = this.waitSeconds(call, progress.answeredAt);
    if (progress.phase === "connected") return { kind: "connected", call, progress };
    if (progress.phase === "done")
      return {
        kind: "left",
        status:
          progress.outcome === "callback"
            ? "callback"
            : progress.outcome === "answered"
              ? "bridged"
              : "overflow",
        waitSeconds,
      };
    const status = known ?? (await this.deps.engine.status(tenantId, callId));
    if (status.status === "connected") return { kind: "connected", call, progress };
    if (status.status !== "waiting" && status.status !== "offered") {
      // Out of the engine without being connected: its maximum wait passed.
      await this.finish(call, "overflow");
      return { kind: "left", status: "overflow", waitSeconds };
    }
    return {
      kind: "waiting",
      call,
      progress,
      position: status.position ?? null,
      estimatedWaitMs: status.estimatedWaitMs ?? null,
    };
  }

  async announced(call: QueuedCall): Promise<void> {
    await this.deps.calls.update(call.tenantId, call.callId, { lastAnnouncedAt: this.deps.clock() });
  }

  /** "Press 1 to be called back": the entry keeps its place and comes back as an offer to call `number`. */
  async requestCallback(tenantId: string, callId: string, number: string): Promise<WaitView> {
    const found = await this.deps.calls.get(tenantId, callId);
    if (!found || !found.call.offerCallback) return this.view(tenantId, callId);
    const result = await this.deps.engine.requestCallback(tenantId, callId, number);
    if (!result.callback) return this.view(tenantId, callId, result);
    await this.deps.calls.update(tenantId, callId, { outcome: "callback" });
    await this.deps.calls.advance(tenantId, callId, "waiting", "done");
    await this.logQueue(found.call, { outcome: "callback", callbackNumber: number });
    return { kind: "left", status: "callback", waitSeconds: this.waitSeconds(found.call) };
  }

  /** Rings an offer the engine made (in this process or any other). */
  async ring(fed: FedOffer): Promise<void> {
    const { tenantId, offer } = fed;
    if (offer.expiresAt <= this.deps.clock()) return;
    const found = await this.deps.calls.get(tenantId, offer.callId);
    const delivery = found && this.delivery(found.call);
    if (!found || !delivery) {
      // Not a call this runtime delivers (an ended call): let it go, the agents are free again.
      for (const agent of offer.agents)
        await this.deps.engine.decline(tenantId, offer.offerId, agent.agentId);
      return;
    }
    const decline = async (agentId: string) => {
      await this.deps.engine.decline(tenantId, offer.offerId, agentId);
    };
    // A callback is placed by us: it fails over to the backup carrier as an outbound call does.
    if (found.progress.outcome === "callback" && isConferenceCarrier(found.call.provider))
      return ringCallback(this.deps, found.call, offer, decline);
    await delivery.ring(found.call, offer, decline);
  }

  /** An agent's leg answered: the first connects the caller, the others of a ring-all are hung up. */
  async answered(tenantId: string, callId: string, offerId: string, agentId: string, leg: string) {
    const found = await this.deps.calls.get(tenantId, callId);
    let result = await this.deps.engine.accept(tenantId, offerId, agentId);
    if (result.status === "unknown-agent") {
      await syncAgent(this.deps.db, this.deps.engine, tenantId, agentId);
      result = await this.deps.engine.accept(tenantId, offerId, agentId);
    }
    const delivery = found && this.delivery(found.call);
    if (!found || !delivery) return result.status;
    const legs = await this.deps.calls.legs(tenantId, offerId);
    if (result.status !== "connected") {
      await delivery.hangUp(found.call, [leg]);
      return result.status;
    }
    const answeredAt = this.deps.clock();
    await this.deps.calls.update(tenantId, callId, {
      agentId,
      agentLeg: leg,
      outcome: "answered",
      answeredAt,
    });
    await this.deps.calls.advance(tenantId, callId, "waiting", "connected");
    await delivery.hangUp(
      found.call,
      Object.entries(legs)
        .filter(([other]) => other !== agentId)
        .map(([, otherLeg]) => otherLeg),
    );
    await this.logQueue(found.call, { agentId, agentAnsweredAt: answeredAt, outcome: "answered" });
    if (result.callbackNumber) await delivery.callBack(found.call, agentId, result.callbackNumber);
    else await delivery.poke(found.call);
    return result.status;
  }

  /** Whether the tenant has this call in (or through) a queue: a leg may join its conference. */
  async isQueued(tenantId: string, callId: string): Promise<boolean> {
    return (await this.deps.calls.get(tenantId, callId)) !== null;
  }

  /** Whether `leg` is the connected agent's (its end ends the conversation) rather than a ring that stopped. */
  async isAgentLeg(tenantId: string, callId: string, leg: string): Promise<boolean> {
    const found = await this.deps.calls.get(tenantId, callId);
    return found?.progress.agentLeg === leg;
  }

  /** The caller's party leg now, in any phase: a transfer or a finished consultation puts another in its place. */
  async agentLegOf(tenantId: string, callId: string): Promise<string | null> {
    return (await this.deps.calls.get(tenantId, callId))?.progress.agentLeg ?? null;
  }

  /** An agent's leg ended without answering (declined on the desktop, busy, failed). */
  async refused(tenantId: string, offerId: string, agentId: string): Promise<void> {
    await this.deps.engine.decline(tenantId, offerId, agentId);
  }

  /** The conversation ended (the agent left or the caller did): the agent goes into the queue's wrap-up. */
  async completed(tenantId: string, callId: string): Promise<void> {
    const found = await this.deps.calls.get(tenantId, callId);
    await this.deps.engine.complete(tenantId, callId);
    if (found && (await this.deps.calls.advance(tenantId, callId, "connected", "done")))
      await this.deps.calls.update(tenantId, callId, { outcome: "answered" });
  }

  /**
   * Holds an available agent for the connected call's transfer, consultation or third party, atomically
   * (no offer and no other transfer gets them meanwhile): "ok", or the state that keeps them from it.
   */
  async holdAgent(tenantId: string, callId: string, agentId: string): Promise<"ok" | AgentState | "unknown"> {
    let result = await this.deps.engine.reserveAgent(tenantId, callId, agentId);
    if (result.status === "unknown-agent") {
      if (!(await syncAgent(this.deps.db, this.deps.engine, tenantId, agentId))) return "unknown";
      result = await this.deps.engine.reserveAgent(tenantId, callId, agentId);
    }
    if (result.status !== "ok") return result.agentState ?? "unknown";
    await this.deps.calls.update(tenantId, callId, { heldAgentId: agentId });
    return "ok";
  }

  /**
   * The held agent is not needed after all: their leg was not answered (no answer, busy, failed; the agent's
   * desktop is told the call is back with them), or the request that held them was refused or undone.
   */
  async releaseAgent(
    tenantId: string,
    callId: string,
    why: "not-answered" | "not-needed" = "not-answered",
  ): Promise<void> {
    const found = await this.deps.calls.get(tenantId, callId);
    const held = found?.progress.heldAgentId;
    if (!found || !held) return;
    await this.deps.engine.releaseAgent(tenantId, callId, held);
    await this.deps.calls.update(tenantId, callId, { heldAgentId: null });
    if (why === "not-answered") await this.reportHeld(found, held, "not-answered");
  }

  /**
   * A transfer's, consultation's or third party's leg was not answered (no answer, busy, failed, canceled, as
   * its status callback says): the agent held for it is available again, the caller is back, and the agent
   * who asked is told once. A consultation's caller, held meanwhile, talks with that agent again. A blind
   * transfer's agent has left into wrap-up already, so its caller waits in the call's queue again (as a
   * contact center requeues a transfer nobody took), and a number's caller goes on in the flow. A late or
   * repeated callback (the leg's request undone or already handled) changes nothing.
   */
  async controlLegNotAnswered(tenantId: string, leg: ControlLegQuery): Promise<void> {
    const found = await this.deps.calls.get(tenantId, leg.call);
    if (!found) return;
    const { call, progress } = found;
    const handled =
      leg.action === "transfer" ? await this.transferNotAnswered(found, leg) : await this.letGo(found, leg);
    if (!handled) return;
    const target: CallControlTarget = leg.agent
      ? { kind: "agent", agentId: leg.agent }
      : { kind: "number", number: leg.number ?? "" };
    await this.reportControl(call, {
      agentId: leg.by ?? progress.agentId,
      requestId: null,
      // Which request it was says where the caller is now (a blind transfer's caller is not back with the agent).
      action: leg.action,
      result: "not-answered",
      targetName: await this.targetName(tenantId, target),
      refusal: null,
      message: null,
    });
  }

  /**
   * A consultation's or third party's leg that was on the call ended before the agent completed or undid it
   * (the person hung up): their place is free, an agent held for it available, a consultation's caller back.
   */
  async controlLegEnded(tenantId: string, leg: ControlLegQuery): Promise<void> {
    const found = await this.deps.calls.get(tenantId, leg.call);
    if (found && leg.action !== "transfer") await this.letGo(found, leg);
  }

  /** The consultation or third party `leg` is no longer in the call; false when it was not (any more). */
  private async letGo(
    found: { call: QueuedCall; progress: QueuedCallProgress },
    leg: ControlLegQuery,
  ): Promise<boolean> {
    const { call, progress } = found;
    const extra = leg.action === "consult" ? "consult" : "third-party";
    const current = leg.agent ? progress.heldAgentId === leg.agent : progress.extraParty === extra;
    if (!current || progress.phase !== "connected") return false;
    if (progress.extraParty === extra)
      await this.deps.calls.update(call.tenantId, call.callId, { extraParty: null });
    if (leg.agent) await this.releaseAgent(call.tenantId, call.callId, "not-needed");
    if (leg.action === "consult") await this.delivery(call)?.resumeCaller?.(call);
    return true;
  }

  /** A blind transfer's agent answered: their leg is the call's agent leg now (its end ends the conversation). */
  async controlLegAnswered(tenantId: string, leg: ControlLegQuery, callSid: string): Promise<void> {
    if (leg.action !== "transfer" || !leg.agent) return;
    const found = await this.deps.calls.get(tenantId, leg.call);
    if (found?.progress.agentId === leg.agent && found.progress.agentLeg === null)
      await this.deps.calls.update(tenantId, leg.call, { agentLeg: callSid });
  }

  /** A blind transfer nobody answered: false when the callback is stale (the call moved on meanwhile). */
  private async transferNotAnswered(
    found: { call: QueuedCall; progress: QueuedCallProgress },
    leg: ControlLegQuery,
  ): Promise<boolean> {
    const { call, progress } = found;
    const { tenantId, callId } = call;
    if (!leg.agent) {
      // The conversation ended when the agent left for the number: the caller goes on at "After agent".
      if (progress.phase !== "done" || progress.outcome !== "answered") return false;
      await this.delivery(call)?.poke(call);
      return true;
    }
    if (progress.phase !== "connected") return false;
    if (progress.heldAgentId === leg.agent) {
      await this.releaseAgent(tenantId, callId, "not-needed");
    } else if (progress.agentId === leg.agent && progress.agentLeg === null) {
      // Handed over when the previous agent left, never answered: no wrap-up for a call they never took.
      if ((await this.requeue(tenantId, callId, call.queueId)) !== "ok") return false;
      await this.deps.engine.setAgentState(tenantId, leg.agent, { state: "available" });
      return true;
    } else return false;
    return (await this.requeue(tenantId, callId, call.queueId)) === "ok";
  }

  /** What became of the agent a transfer or consultation rang, as the provider reported it. */
  private async reportHeld(
    found: { call: QueuedCall; progress: QueuedCallProgress },
    held: string,
    result: "answered" | "not-answered",
  ) {
    await this.reportControl(found.call, {
      agentId: found.progress.agentId,
      requestId: null,
      action: null,
      result,
      targetName: await this.targetName(found.call.tenantId, { kind: "agent", agentId: held }),
      refusal: null,
      message: null,
    });
  }

  /** Whom a transfer or consultation rings, as people know them: an agent's or a queue's name, a number. */
  async targetName(tenantId: string, target: CallControlTarget): Promise<string | null> {
    const { db } = this.deps;
    switch (target.kind) {
      case "number":
        return target.number;
      case "agent": {
        const where = { id: target.agentId, tenantId };
        return (await db.agent.findFirst({ where, select: { displayName: true } }))?.displayName ?? null;
      }
      case "queue": {
        const where = { id: target.queueId, tenantId };
        return (await db.queue.findFirst({ where, select: { name: true } }))?.name ?? null;
      }
    }
  }

  /** Tells the desktop of the agent whose call it is (and supervisors) what a call-control request came to. */
  async reportControl(
    call: Pick<QueuedCall, "tenantId" | "callId" | "test">,
    report: Omit<CallControlReport, "callId">,
  ): Promise<void> {
    const { tenantId, callId, test } = call;
    await this.deps.log.append(null, [
      { type: "call.control-outcome", tenantId, callId, test, at: this.deps.clock(), ...report },
    ]);
  }

  /**
   * The caller now talks to the transfer's target (`leg`, when the provider knows it): a held agent takes
   * the call over (the previous one goes into wrap-up); without one (a number), the conversation ended here.
   */
  async transferred(tenantId: string, callId: string, leg: string | null): Promise<void> {
    const found = await this.deps.calls.get(tenantId, callId);
    const held = found?.progress.heldAgentId;
    if (!found || !held) return this.completed(tenantId, callId);
    const result = await this.deps.engine.handOver(tenantId, callId, held);
    if (result.status !== "connected") return this.completed(tenantId, callId);
    // The previous agent's leg ends now; its end must not end the conversation the new agent holds.
    await this.deps.calls.update(tenantId, callId, { agentId: held, agentLeg: leg, heldAgentId: null });
    await this.logQueue(found.call, { agentId: held });
    await this.reportHeld(found, held, "answered");
  }

  /** The caller's call ended: abandoned while waiting or ringing, completed when connected. */
  async callEnded(tenantId: string, callId: string): Promise<void> {
    const found = await this.deps.calls.get(tenantId, callId);
    // A caller who asked to be called back hangs up on purpose: the entry keeps its place.
    if (!found || found.progress.outcome === "callback") return;
    const result = await this.deps.engine.abandon(tenantId, callId);
    if (result.status === "connected") return this.completed(tenantId, callId);
    if (found.progress.phase === "waiting" && result.status === "gone" && result.queueId)
      await this.finish(found.call, "abandoned");
  }

  /**
   * A blind transfer to a queue: the agent's conversation ends (wrap-up) and the caller waits in `queueId`
   * at the same Enqueue turn, as if it had entered there; the provider brings the caller back to wait.
   */
  async requeue(
    tenantId: string,
    callId: string,
    queueId: string,
  ): Promise<"ok" | "not-connected" | "unknown-queue"> {
    const found = await this.deps.calls.get(tenantId, callId);
    if (!found || found.progress.phase !== "connected") return "not-connected";
    const delivery = this.delivery(found.call);
    const queue = await this.deps.db.queue.findFirst({
      where: { id: queueId, tenantId },
      select: { id: true },
    });
    if (!queue || !delivery) return "unknown-queue";
    await this.deps.engine.complete(tenantId, callId);
    const call = { ...found.call, queueId, enteredAt: this.deps.clock() };
    await this.deps.calls.enter(call, true);
    const input = { queueId, callId, reaches: delivery.reaches, test: call.test };
    let result = await this.deps.engine.enqueue(tenantId, input);
    if (result.status === "unknown-queue") {
      await syncQueue(this.deps.db, this.deps.engine, tenantId, queueId);
      result = await this.deps.engine.enqueue(tenantId, input);
    }
    await this.logQueue(call, { queueId, queuedAt: call.enteredAt });
    // Full: the caller hears the queue-wait loop find it gone and goes on through Overflow.
    await delivery.poke(call);
    if (found.progress.agentLeg) await delivery.hangUp(call, [found.progress.agentLeg]);
    return "ok";
  }

  /** The timers of every tenant: callers past their maximum wait are sent to the block's Overflow. */
  async tick(): Promise<void> {
    for (const { tenantId, result } of await this.deps.engine.tickAll())
      for (const callId of result.overflowed ?? []) {
        const found = await this.deps.calls.get(tenantId, callId);
        const delivery = found && this.delivery(found.call);
        if (!found || !delivery) continue;
        await this.finish(found.call, "overflow");
        await delivery
          .poke(found.call)
          .catch((error: unknown) =>
            this.deps.logger.warn({ err: error, callId }, "could not send an overflowed caller on"),
          );
      }
  }

  /** How long the caller waited: until an agent answered, or until now. */
  private waitSeconds(call: QueuedCall, answeredAt: number | null = null): number {
    return Math.max(0, Math.round(((answeredAt ?? this.deps.clock()) - call.enteredAt) / 1000));
  }

  private async finish(call: QueuedCall, outcome: "overflow" | "abandoned"): Promise<void> {
    if (!(await this.deps.calls.advance(call.tenantId, call.callId, "waiting", "done"))) return;
    await this.deps.calls.update(call.tenantId, call.callId, { outcome });
    await this.logQueue(call, { outcome });
  }

  private logQueue(call: QueuedCall, queue: LogQueue): Promise<void> {
    return this.deps.log.append({
      call: call.logCall,
      create: false,
      events: [],
      consents: [],
      recordings: [],
      queue,
    });
  }
}
