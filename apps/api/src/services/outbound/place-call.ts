import { randomUUID } from "node:crypto";
import type { AgentEndpointKind, Db } from "@ringflow/db";
import type { Redis } from "@ringflow/platform";
import type { ApiConfig } from "../../config.ts";
import { apiError } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import { failedPlacing, placeAndRecord } from "../calls/calls.ts";
import { agentOfMembership } from "../queues/agents.ts";
import type { DeskActor } from "../desktop/desk-actor.ts";
import { checkDestination, outboundPolicy } from "./destinations.ts";
import { activeOutboundCalls, releaseOutboundCalls, reserveOutboundCall } from "./outbound-limits.ts";

/**
 * The numbers the person may show as caller ID: the policy's list, else the workspace's phone company numbers
 * (Twilio, SignalWire, Telnyx) and its phone system's phone numbers (an extension is no caller ID outside the PBX).
 */
export async function callerIds(db: Db, tenantId: string) {
  const { callerIdNumbers } = await outboundPolicy(db, tenantId);
  return db.phoneNumber.findMany({
    where: {
      tenantId,
      providerAccountId: { not: null },
      OR: [
        { providerAccount: { kind: { in: ["TWILIO", "SIGNALWIRE", "TELNYX"] } } },
        { providerAccount: { kind: "ASTERISK" }, e164: { startsWith: "+" } },
      ],
      ...(callerIdNumbers.length ? { e164: { in: callerIdNumbers } } : {}),
    },
    orderBy: { e164: "asc" },
    select: { id: true, e164: true, friendlyName: true, providerAccountId: true },
  });
}

/**
 * How Twilio rings an agent's endpoint: the browser by its client identity with the call's id as a custom
 * parameter (the desktop answers the leg of the call it placed by it), else the phone or SIP address.
 */
const DIAL_ADDRESS: Record<AgentEndpointKind, (address: string, callId: string) => string> = {
  TWILIO_CLIENT: (identity, callId) => `client:${identity}?${new URLSearchParams({ callId }).toString()}`,
  PHONE: (number) => number,
  SIP: (uri) => uri,
};

/** The carriers that speak a TwiML dialect ring phones and SIP addresses only: Twilio's browser phone is Twilio's. */
const RINGS_BROWSER: Record<"TWILIO" | "ASTERISK" | "SIGNALWIRE" | "TELNYX", boolean> = {
  TWILIO: true,
  ASTERISK: true,
  SIGNALWIRE: false,
  TELNYX: false,
};

const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Ended calls stop counting towards the concurrent limit (the runtime writes their end from Twilio's
 * callbacks). Only rows seen ended are let go: a reservation whose row is being written keeps counting.
 */
async function forgetEndedCalls(db: Db, redis: Redis, tenantId: string) {
  const active = await activeOutboundCalls(redis, tenantId);
  if (!active.length) return;
  const ended = await db.call.findMany({
    where: {
      tenantId,
      id: { in: active },
      OR: [{ endedAt: { not: null } }, { status: { notIn: ["QUEUED", "RINGING", "IN_PROGRESS"] } }],
    },
    select: { id: true },
  });
  await releaseOutboundCalls(
    redis,
    tenantId,
    ended.map((call) => call.id),
  );
}

/**
 * Click-to-call: Twilio rings the agent (their first endpoint) showing the chosen caller ID and, once they
 * answer, dials the destination with it (SignalWire and Telnyx the same, on the agent's first phone or SIP
 * address: they cannot ring Twilio's browser phone); on the tenant's Asterisk the runtime does the same over ARI (the
 * agent's leg is originated here, the destination rung and bridged when the agent answers). Refused in words beyond the workspace's limits: a destination in a
 * country it does not allow, too many calls at once, too many in a minute.
 */
export async function placeAgentCall(
  db: Db,
  redis: Redis,
  config: ApiConfig,
  actor: DeskActor & { audit: Actor },
  input: { to: string; from: string },
) {
  const agent = await agentOfMembership(db, actor.tenantId, actor.membershipId);
  if (!agent.endpoints.length)
    throw apiError("PRECONDITION_FAILED", "Add a phone or the browser to your agent to place calls.");
  const destination = await checkDestination(db, actor.tenantId, input.to);
  const from = (await callerIds(db, actor.tenantId)).find((number) => number.e164 === input.from);
  if (!from?.providerAccountId)
    throw apiError("FORBIDDEN", `${input.from} is not one of the numbers you may call from.`);
  const account = await db.providerAccount.findFirstOrThrow({
    where: { id: from.providerAccountId, tenantId: actor.tenantId },
    select: { kind: true, name: true },
  });
  const kind = account.kind;
  if (kind === "DEMO") throw apiError("FORBIDDEN", `${input.from} answers test calls only.`);
  const endpoint = agent.endpoints.find((e) => RINGS_BROWSER[kind] || e.kind !== "TWILIO_CLIENT");
  if (!endpoint)
    throw apiError(
      "PRECONDITION_FAILED",
      `Calls from ${from.e164} go through ${account.name}, which cannot ring the browser: add a phone or a SIP address to your agent to call from this number.`,
    );

  const policy = await outboundPolicy(db, actor.tenantId);
  await forgetEndedCalls(db, redis, actor.tenantId);
  const callId = randomUUID();
  const reserved = await reserveOutboundCall(redis, actor.tenantId, callId, policy);
  if (!reserved.ok)
    throw reserved.reason === "concurrent"
      ? apiError(
          "TOO_MANY_REQUESTS",
          `This workspace already has ${policy.maxConcurrentCalls} outbound calls in progress, its limit. Try again when one ends.`,
        )
      : apiError(
          "TOO_MANY_REQUESTS",
          `This workspace placed ${policy.maxCallsPerMinute} calls in the last minute, its limit. Try again in ${reserved.retryAfterSeconds} seconds.`,
          { retryAfterSeconds: reserved.retryAfterSeconds },
        );

  await db.call.create({
    data: {
      id: callId,
      tenantId: actor.tenantId,
      provider: kind,
      providerCallId: `pending:${callId}`,
      providerAccountId: from.providerAccountId,
      phoneNumberId: from.id,
      direction: "OUTBOUND",
      fromNumber: from.e164,
      toNumber: destination.e164,
      status: "QUEUED",
      agentId: agent.id,
      placedByUserId: actor.userId,
    },
  });
  try {
    const placed = await placeAndRecord(
      db,
      redis,
      config,
      { tenantId: actor.tenantId, callId, providerAccountId: from.providerAccountId },
      {
        to: DIAL_ADDRESS[endpoint.kind](endpoint.address, callId),
        from: from.e164,
        twiml: `<Response><Dial callerId="${xml(from.e164)}" answerOnBridge="true"><Number>${xml(destination.e164)}</Number></Dial></Response>`,
        agent: { endpoint, extension: agent.extension, destination: destination.e164 },
      },
    );
    await recordAudit(db, actor.tenantId, actor.audit, {
      action: "call.outbound",
      targetType: "call",
      targetId: callId,
      data: { to: destination.e164, from: from.e164, callSid: placed.sid, agentId: agent.id },
    });
    return { callId, callSid: placed.sid, from: from.e164, to: destination.e164 };
  } catch (error) {
    await releaseOutboundCalls(redis, actor.tenantId, [callId]);
    await db.call.update({
      where: { id: callId, tenantId: actor.tenantId },
      data: failedPlacing((error as { placement?: unknown }).placement ?? error),
    });
    throw error;
  }
}
