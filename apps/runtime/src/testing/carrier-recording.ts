import { randomUUID } from "node:crypto";
import type { Db } from "@ringflow/db";

/**
 * A finished inbound call on a carrier account with one recording its callback reported completed (AVAILABLE),
 * the tenant allowing or not the deletion of the carrier's copy: what the recording-copy job starts from.
 */
export async function carrierRecording(
  db: Db,
  options: {
    tenantId: string;
    provider: "SIGNALWIRE" | "TELNYX";
    providerAccountId: string;
    toNumber: string;
    providerCallId?: string;
    providerRecordingId: string;
    url: string;
    deleteAtProvider: boolean;
  },
) {
  const { tenantId } = options;
  await db.tenant.update({
    where: { id: tenantId },
    data: { deleteProviderRecordings: options.deleteAtProvider },
  });
  const call = await db.call.create({
    data: {
      tenantId,
      provider: options.provider,
      providerCallId: options.providerCallId ?? randomUUID(),
      providerAccountId: options.providerAccountId,
      direction: "INBOUND",
      fromNumber: "+14155550100",
      toNumber: options.toNumber,
    },
  });
  return db.recording.create({
    data: {
      tenantId,
      callId: call.id,
      kind: "call",
      status: "AVAILABLE",
      providerRecordingId: options.providerRecordingId,
      url: options.url,
      durationSeconds: 3,
    },
  });
}
