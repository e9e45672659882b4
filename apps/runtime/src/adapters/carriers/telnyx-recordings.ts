import { openCredentials, type Db } from "@ringflow/db";
import { carrierRequest, CarrierRestError } from "@ringflow/platform/carrier-rest";
import { readRecordingMedia, RecordingCopyError } from "../twilio/recording-media.ts";

const TELNYX_API = "https://api.telnyx.com/v2";
/** Telnyx names recordings by UUID (the RecordingSid of its TeXML callbacks). */
const RECORDING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A Telnyx account's call recordings for the recording-copy job: the TeXML callback's RecordingUrl lasts ten
 * minutes, so the media is fetched through the recording's id (GET /recordings/{id}: fresh download links,
 * WAV preferred) and deleted the same way once Ringflow's copy reads back.
 */
export async function telnyxRecordings(
  db: Db,
  tenantId: string,
  providerAccountId: string,
  apiBaseUrl: string | undefined,
) {
  const row = await db.providerAccount.findFirst({
    where: { id: providerAccountId, tenantId, kind: "TELNYX" },
  });
  if (!row) throw new RecordingCopyError("The Telnyx account of this recording is gone.", true);
  const { apiKey } = openCredentials<{ apiKey: string }>(row);
  const origin = (apiBaseUrl ?? TELNYX_API).replace(/\/+$/, "");
  const resource = (recordingId: string | null) => {
    if (!recordingId || !RECORDING_ID.test(recordingId))
      throw new RecordingCopyError("The recording has no Telnyx recording id.", true);
    return {
      carrier: "Telnyx",
      url: `${origin}/recordings/${recordingId}`,
      headers: { authorization: `Bearer ${apiKey}` },
    };
  };
  return {
    name: "Telnyx",
    async download(recording: { providerRecordingId: string | null }, maxBytes: number): Promise<Buffer> {
      const answer = await carrierRequest<{ data?: { download_urls?: { wav?: string; mp3?: string } } }>({
        ...resource(recording.providerRecordingId),
        method: "GET",
      });
      const link = answer?.data?.download_urls?.wav ?? answer?.data?.download_urls?.mp3;
      if (!link) throw new RecordingCopyError("Telnyx has no media for this recording (yet).");
      // Telnyx's links are https (its storage, presigned); only a test's stand-in on the API's own origin is not.
      if (!link.startsWith("https://") && !link.startsWith(`${origin}/`))
        throw new RecordingCopyError(
          "Telnyx's download link for the recording is not a secure address.",
          true,
        );
      const response = await fetch(link, { signal: AbortSignal.timeout(120_000) });
      return readRecordingMedia(response, "Telnyx", maxBytes);
    },
    async remove(recording: { providerRecordingId: string | null }): Promise<void> {
      try {
        await carrierRequest({ ...resource(recording.providerRecordingId), method: "DELETE" });
      } catch (error) {
        // Already gone at Telnyx (an earlier run deleted it, then stopped before writing so).
        if (!(error instanceof CarrierRestError && error.status === 404)) throw error;
      }
    },
  };
}
