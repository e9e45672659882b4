import { randomUUID } from "node:crypto";
import { z } from "zod";
import { toJson, type Db } from "@ringflow/db";
import type { ApiConfig } from "../../config.ts";
import { apiError, notFound } from "../../errors.ts";
import { recordAudit, type Actor } from "../audit/audit.ts";
import type { Redis } from "@ringflow/platform";
import { PlacementFailed, placeOutbound, type OutboundRequest } from "../providers/place-outbound.ts";
import type { ListCallsInput } from "../../routers/calls/list-calls.schema.ts";
import { consentFields } from "./consents.ts";
import { maskValue } from "@ringflow/platform";
import { numberFilter, pageArgs, timeRange, toPage } from "./query-parts.ts";
import { searchTranscripts, voicemailsOf } from "../recordings/transcripts.ts";

const callSummary = {
  id: true,
  provider: true,
  direction: true,
  fromNumber: true,
  toNumber: true,
  status: true,
  outcome: true,
  disposition: true,
  startedAt: true,
  answeredAt: true,
  endedAt: true,
  durationSeconds: true,
  providerCallId: true,
  test: true,
  flow: { select: { id: true, name: true } },
  flowVersion: { select: { number: true } },
} as const;

/**
 * The execution log, newest first, a page at a time. With `transcripts`: voicemails carry their transcripts,
 * and `search` finds calls by what was said (each with the matching words).
 */
export async function listCalls(
  db: Db,
  tenantId: string,
  query: ListCallsInput,
  options: { transcripts?: boolean } = {},
) {
  const matches = query.search ? await searchTranscripts(db, tenantId, query.search) : null;
  const rows = await db.call.findMany({
    where: {
      tenantId,
      ...(matches ? { id: { in: [...matches.keys()] } } : {}),
      ...(query.flowId ? { flowId: query.flowId } : {}),
      ...(query.callSid ? { providerCallId: query.callSid } : {}),
      ...numberFilter(query.number),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.test !== undefined ? { test: query.test } : {}),
      ...timeRange("startedAt", query),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    ...pageArgs(tenantId, query),
    select: { ...callSummary, ...(options.transcripts ? { recordings: voicemailsOf(tenantId) } : {}) },
  });
  const { page, nextCursor } = toPage(rows, query.limit);
  return {
    calls: page.map(({ recordings, ...call }) => ({
      ...call,
      voicemails: recordings ?? [],
      transcriptMatch: matches?.get(call.id) ?? null,
    })),
    nextCursor,
  };
}

/** One call with its events in order, secret-looking values masked. */
export async function getCall(db: Db, tenantId: string, callId: string) {
  const call = await db.call.findFirst({
    where: { id: callId, tenantId },
    select: {
      ...callSummary,
      flowVersion: { select: { id: true, number: true, document: true } },
      path: true,
      variables: true,
      errorMessage: true,
      language: true,
      events: {
        orderBy: { seq: "asc" },
        select: { seq: true, at: true, type: true, nodeId: true, port: true, data: true },
      },
      recordings: {
        where: { tenantId, deletedAt: null },
        select: { id: true, kind: true, status: true, durationSeconds: true, createdAt: true },
      },
      consentRecords: { where: { tenantId }, orderBy: { at: "asc" }, select: consentFields },
    },
  });
  if (!call) throw notFound("Call");
  const { flowVersion, ...rest } = call;
  return {
    ...rest,
    flowVersion: flowVersion ? { id: flowVersion.id, number: flowVersion.number } : null,
    blocks: blocksOf(flowVersion?.document),
    variables: maskValue(call.variables),
    events: call.events.map((event) => ({ ...event, data: maskValue(event.data) })),
  };
}

const documentNodes = z.object({
  nodes: z.array(z.object({ id: z.string(), kind: z.string(), label: z.string().optional() })),
});

/** The blocks of the version a call ran, by id: the names the call's timeline says instead of ids. */
function blocksOf(document: unknown): Record<string, { name: string | null; kind: string }> {
  const parsed = documentNodes.safeParse(document);
  if (!parsed.success) return {};
  return Object.fromEntries(
    parsed.data.nodes.map((n) => [n.id, { name: n.label?.trim() || null, kind: n.kind }]),
  );
}

/** What a call row records when no provider took the call (with each account's refusal, when there were some). */
export const failedPlacing = (error: unknown) => ({
  status: "FAILED" as const,
  endedAt: new Date(),
  outcome: "error",
  errorMessage: (error as Error).message.slice(0, 1000),
  ...(error instanceof PlacementFailed ? { placementAttempts: toJson(error.attempts) } : {}),
});

/** The numbers calls can go out from: those of a phone company account or of the tenant's PBX (not the demo). */
const CALLING_OUT = {
  kind: { in: ["TWILIO" as const, "SIGNALWIRE" as const, "TELNYX" as const, "ASTERISK" as const] },
};

/**
 * Places the call through the number's account (or its backup), and stores which account did, its call id
 * and the attempts; a failure is said in the carrier's words as a BAD_GATEWAY.
 */
export async function placeAndRecord(
  db: Db,
  redis: Redis,
  config: ApiConfig,
  row: { tenantId: string; callId: string; providerAccountId: string },
  request: Omit<OutboundRequest, "callId">,
) {
  try {
    const placed = await placeOutbound(db, redis, config, row.tenantId, row.providerAccountId, {
      ...request,
      callId: row.callId,
    });
    await db.call.update({
      where: { id: row.callId, tenantId: row.tenantId },
      data: {
        providerCallId: placed.sid,
        provider: placed.provider,
        providerAccountId: placed.providerAccountId,
        placementAttempts: toJson(placed.attempts),
      },
    });
    return placed;
  } catch (error) {
    if (!(error instanceof PlacementFailed)) throw error;
    throw Object.assign(
      apiError("BAD_GATEWAY", `Placing the call failed. ${error.message}`, { providerError: error.message }),
      { placement: error },
    );
  }
}

/**
 * Places an outbound call that runs a flow's live version: a QUEUED call row first (so the runtime finds
 * it when Twilio calls back), then Twilio's REST API; the CallSid it returns is stored as providerCallId.
 */
export async function startOutboundCall(
  db: Db,
  tenantId: string,
  actor: Actor,
  config: ApiConfig,
  input: { flowId: string; to: string; from?: string | undefined },
  redis: Redis,
) {
  const flow = await db.flow.findFirst({
    where: { id: input.flowId, tenantId },
    select: { id: true, name: true, liveVersionId: true },
  });
  if (!flow) throw notFound("Flow");
  if (!flow.liveVersionId)
    throw apiError("PRECONDITION_FAILED", `Publish "${flow.name}" before calling out with it.`);
  const twilioNumber = { tenantId, providerAccount: CALLING_OUT };
  // Without a chosen number: one bound to this flow, so the callee sees the flow's own number, else any.
  const from = input.from
    ? await db.phoneNumber.findFirst({ where: { ...twilioNumber, e164: input.from } })
    : ((await db.phoneNumber.findFirst({ where: { ...twilioNumber, binding: { flowId: flow.id } } })) ??
      (await db.phoneNumber.findFirst({ where: twilioNumber, orderBy: { createdAt: "asc" } })));
  if (!from?.providerAccountId)
    throw apiError(
      "PRECONDITION_FAILED",
      input.from
        ? `${input.from} is not a number of this workspace that calls can go out from.`
        : "Add a number from your phone company (Twilio, SignalWire or Telnyx) or your phone system (Asterisk) to this workspace to call from.",
    );
  const account = await db.providerAccount.findFirstOrThrow({
    where: { id: from.providerAccountId, tenantId },
    select: { kind: true },
  });
  const call = await db.call.create({
    data: {
      tenantId,
      provider: account.kind as "TWILIO" | "SIGNALWIRE" | "TELNYX" | "ASTERISK",
      providerCallId: `pending:${randomUUID()}`,
      providerAccountId: from.providerAccountId,
      phoneNumberId: from.id,
      flowId: flow.id,
      flowVersionId: flow.liveVersionId,
      direction: "OUTBOUND",
      fromNumber: from.e164,
      toNumber: input.to,
      status: "QUEUED",
    },
    select: { id: true },
  });
  try {
    const placed = await placeAndRecord(
      db,
      redis,
      config,
      { tenantId, callId: call.id, providerAccountId: from.providerAccountId },
      { to: input.to, from: from.e164 },
    );
    await recordAudit(db, tenantId, actor, {
      action: "call.outbound",
      targetType: "call",
      targetId: call.id,
      data: { flowId: flow.id, to: input.to, from: from.e164, callSid: placed.sid },
    });
    return { callId: call.id, callSid: placed.sid, from: from.e164, to: input.to };
  } catch (error) {
    await db.call.update({
      where: { id: call.id, tenantId },
      data: failedPlacing((error as { placement?: unknown }).placement ?? error),
    });
    throw error;
  }
}
