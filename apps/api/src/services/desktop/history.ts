import type { Db } from "@ringflow/db";
import { pageArgs, toPage } from "../calls/query-parts.ts";
import type { CallHistoryInput } from "../../routers/desktop/call-history.schema.ts";
import { visibleCalls, type DeskActor } from "./desk-actor.ts";
import { contactsByNumber } from "../contacts/contacts.ts";

/**
 * Calls as the desktop lists them, newest first: an agent's own (taken or placed by them); everyone's for
 * those who read all calls. Each with the contact its number belongs to.
 */
export async function callHistory(db: Db, actor: DeskActor, query: CallHistoryInput) {
  const visible = await visibleCalls(db, actor);
  const rows = await db.call.findMany({
    where: {
      tenantId: actor.tenantId,
      AND: [
        visible,
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
      notes: true,
      externalRefs: true,
      wrappedUpAt: true,
      test: true,
      queue: { select: { id: true, name: true } },
      agent: { select: { id: true, displayName: true } },
    },
  });
  const { page, nextCursor } = toPage(rows, query.limit);
  const contacts = await contactsByNumber(
    db,
    actor.tenantId,
    page.flatMap((call) => [call.fromNumber, call.toNumber]),
  );
  return {
    calls: page.map((call) => ({
      ...call,
      contact: contacts.get(call.direction === "INBOUND" ? call.fromNumber : call.toNumber) ?? null,
    })),
    nextCursor,
  };
}
