import type { Db, Prisma } from "@ringflow/db";
import { pageArgs, toPage } from "../calls/query-parts.ts";
import type { CallHistoryInput } from "../../routers/desktop/call-history.schema.ts";
import { ownAgentId, visibleCalls, type DeskActor } from "./desk-actor.ts";
import { contactsByNumber } from "../contacts/contacts.ts";
import { voicemailsOf } from "../recordings/transcripts.ts";
import { agentViewOnPath, pathOfCall, versionNodes } from "./agent-view-of-call.ts";

/**
 * Calls of the agent's queues that nobody took and that left work behind: a caller who asked to be called
 * back, or left a message. Agents see these beside their own calls (those who read all calls see them anyway).
 */
async function leftForQueues(db: Db, actor: DeskActor): Promise<Prisma.CallWhereInput[]> {
  if (actor.permissions.includes("calls.read.all")) return [];
  const agentId = await ownAgentId(db, actor);
  if (!agentId) return [];
  const queues = await db.queueMember.findMany({
    where: { tenantId: actor.tenantId, agentId },
    select: { queueId: true },
  });
  if (!queues.length) return [];
  return [
    {
      agentId: null,
      queueId: { in: queues.map((q) => q.queueId) },
      OR: [{ queueOutcome: "callback" }, { outcome: "voicemail" }],
    },
  ];
}

/**
 * The words of each call's disposition: the agent view's name for the outcome the agent chose (its code is
 * what is stored). Null where the call's agent view does not name it.
 */
async function dispositionLabels(
  db: Db,
  tenantId: string,
  calls: readonly { id: string; disposition: string | null; flowVersionId: string | null; path: unknown }[],
): Promise<Map<string, string>> {
  const chosen = calls.filter((c) => c.disposition && c.flowVersionId);
  const versions = new Map(
    await Promise.all(
      [...new Set(chosen.map((c) => c.flowVersionId as string))].map(
        async (id) => [id, await versionNodes(db, tenantId, id)] as const,
      ),
    ),
  );
  const labels = new Map<string, string>();
  for (const call of chosen) {
    const view = agentViewOnPath(
      versions.get(call.flowVersionId as string) ?? [],
      await pathOfCall(db, tenantId, call),
    );
    const label = view?.dispositions.find((d) => d.id === call.disposition)?.label;
    if (label) labels.set(call.id, label);
  }
  return labels;
}

/**
 * Calls as the desktop lists them, newest first: an agent's own (taken or placed by them) and the callbacks and
 * messages left in their queues; everyone's for those who read all calls. Each with the contact its number
 * belongs to, whether the caller asked to be called back, and its voicemails, with their transcripts for those
 * who may listen to recordings.
 */
export async function callHistory(db: Db, actor: DeskActor, query: CallHistoryInput) {
  const [visible, left] = await Promise.all([visibleCalls(db, actor), leftForQueues(db, actor)]);
  const transcripts = actor.permissions.includes("recordings.download");
  const rows = await db.call.findMany({
    where: {
      tenantId: actor.tenantId,
      AND: [
        left.length ? { OR: [visible, ...left] } : visible,
        ...(query.number ? [{ OR: [{ fromNumber: query.number }, { toNumber: query.number }] }] : []),
      ],
      ...(query.includeTests ? {} : { test: false }),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    ...pageArgs(actor.tenantId, query),
    select: {
      id: true,
      direction: true,
      fromNumber: true,
      toNumber: true,
      status: true,
      startedAt: true,
      endedAt: true,
      durationSeconds: true,
      disposition: true,
      flowVersionId: true,
      path: true,
      notes: true,
      externalRefs: true,
      wrappedUpAt: true,
      test: true,
      queueOutcome: true,
      callbackNumber: true,
      recordings: voicemailsOf(actor.tenantId),
      queue: { select: { id: true, name: true } },
      agent: { select: { id: true, displayName: true } },
    },
  });
  const { page, nextCursor } = toPage(rows, query.limit);
  const [contacts, labels] = await Promise.all([
    contactsByNumber(
      db,
      actor.tenantId,
      page.flatMap((call) => [call.fromNumber, call.toNumber]),
    ),
    dispositionLabels(db, actor.tenantId, page),
  ]);
  return {
    calls: page.map(
      ({ recordings, queueOutcome, callbackNumber, flowVersionId: _version, path: _path, ...call }) => ({
        ...call,
        // The number the caller confirmed (theirs or another they typed); calls from before confirmation: theirs.
        callbackNumber: queueOutcome === "callback" ? (callbackNumber ?? call.fromNumber) : null,
        dispositionLabel: labels.get(call.id) ?? null,
        contact: contacts.get(call.direction === "INBOUND" ? call.fromNumber : call.toNumber) ?? null,
        callbackRequested: queueOutcome === "callback",
        // What callers said is for those who may listen; the others see that a message was left.
        voicemails: recordings.map((v) =>
          transcripts ? v : { ...v, transcript: null, transcriptionError: null, transcribedAt: null },
        ),
        transcriptsShown: transcripts,
      }),
    ),
    nextCursor,
  };
}
