import type { LogRecording } from "../jobs/call-log.job.ts";
import { stableId } from "./call-log.ts";
import { languageOf, type StoredCall } from "./call-record.ts";

/** A recording's row id: from the tenant and the provider's id, so no other tenant can name the same row. */
export const recordingId = (call: StoredCall, providerRecordingId: string) =>
  stableId("recording", call.meta.tenantId, call.meta.callId, providerRecordingId);

/** The row of a caller's message, whichever provider recorded it. */
export function voicemailRecording(
  call: StoredCall,
  providerRecordingId: string,
  fields: Partial<LogRecording>,
): LogRecording {
  return {
    id: recordingId(call, providerRecordingId),
    providerRecordingId,
    url: null,
    durationSeconds: null,
    status: "AVAILABLE",
    transcript: null,
    consentRecordId: null,
    ...fields,
    kind: "voicemail",
    mailbox: call.mailbox,
    language: languageOf(call),
  };
}

/** The row of a whole-call recording, under the consent that allowed it. */
export function callRecording(
  call: StoredCall,
  providerRecordingId: string,
  fields: Pick<LogRecording, "url" | "durationSeconds" | "status">,
): LogRecording {
  return {
    id: recordingId(call, providerRecordingId),
    providerRecordingId,
    transcript: null,
    kind: "call",
    mailbox: null,
    consentRecordId: call.consentRecordId,
    language: languageOf(call),
    ...fields,
  };
}
