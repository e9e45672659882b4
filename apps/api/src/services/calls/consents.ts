import type { Db } from "@ringflow/db";
import type { ListConsentsInput } from "../../routers/calls/list-consents.schema.ts";
import { notFound } from "../../errors.ts";
import { pageArgs, timeRange, toPage } from "./query-parts.ts";

/** What a consent record shows: everything but the tenant id. */
export const consentFields = {
  id: true,
  callId: true,
  nodeId: true,
  required: true,
  granted: true,
  method: true,
  callerState: true,
  rule: true,
  announcementText: true,
  digits: true,
  at: true,
} as const;

/** Consent records of the tenant's calls, newest first, a page at a time. */
export async function listConsents(db: Db, tenantId: string, query: ListConsentsInput) {
  if (query.callId) {
    const call = await db.call.findFirst({ where: { id: query.callId, tenantId }, select: { id: true } });
    if (!call) throw notFound("Call");
  }
  const rows = await db.consentRecord.findMany({
    where: {
      tenantId,
      ...(query.callId ? { callId: query.callId } : {}),
      ...(query.granted !== undefined ? { granted: query.granted } : {}),
      ...timeRange("at", query),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    ...pageArgs(tenantId, query),
    select: {
      ...consentFields,
      call: { select: { fromNumber: true, toNumber: true, providerCallId: true } },
    },
  });
  const { page, nextCursor } = toPage(rows, query.limit);
  return { consents: page, nextCursor };
}
