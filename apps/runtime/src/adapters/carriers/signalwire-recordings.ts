import { openCredentials, type Db } from "@ringflow/db";
import { basicAuth, carrierRequest, CarrierRestError } from "@ringflow/platform/carrier-rest";
import { readRecordingMedia, RecordingCopyError } from "../twilio/recording-media.ts";

/** SignalWire names recordings by UUID (the RecordingSid of its LaML callbacks). */
const RECORDING_SID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const signalWireCredentials = (raw: Record<string, string | undefined>) => ({
  spaceUrl: raw.spaceUrl ?? "",
  projectId: raw.projectId ?? "",
  apiToken: raw.apiToken ?? "",
});

/**
 * A SignalWire project's recordings for the recording-copy job, through its LaML API (Twilio's Recording
 * resource under /api/laml): `Recordings/{Sid}.wav` is the media, `DELETE Recordings/{Sid}.json` removes it.
 * The URL is built from the project's own space and the callback's RecordingSid, never from the callback's
 * RecordingUrl, so a forged callback cannot make Ringflow fetch elsewhere with the project's token.
 */
export async function signalWireRecordings(
  db: Db,
  tenantId: string,
  providerAccountId: string,
  apiBaseUrl: string | undefined,
) {
  const row = await db.providerAccount.findFirst({
    where: { id: providerAccountId, tenantId, kind: "SIGNALWIRE" },
  });
  if (!row) throw new RecordingCopyError("The SignalWire account of this recording is gone.", true);
  const { spaceUrl, projectId, apiToken } = signalWireCredentials(
    openCredentials<Record<string, string | undefined>>(row),
  );
  const origin = (apiBaseUrl ?? `https://${spaceUrl}`).replace(/\/+$/, "");
  const authorization = basicAuth(projectId, apiToken);
  const resource = (recordingSid: string | null, extension: ".wav" | ".json") => {
    if (!recordingSid || !RECORDING_SID.test(recordingSid))
      throw new RecordingCopyError("The recording has no SignalWire recording id.", true);
    return `${origin}/api/laml/2010-04-01/Accounts/${encodeURIComponent(projectId)}/Recordings/${recordingSid}${extension}`;
  };
  return {
    name: "SignalWire",
    async download(recording: { providerRecordingId: string | null }, maxBytes: number): Promise<Buffer> {
      const url = resource(recording.providerRecordingId, ".wav");
      let response: Response;
      try {
        response = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(120_000) });
      } catch {
        throw new RecordingCopyError("Could not reach SignalWire to fetch the recording.");
      }
      if (response.status === 404)
        throw new RecordingCopyError("SignalWire has no media for this recording (yet).");
      return readRecordingMedia(response, "SignalWire", maxBytes);
    },
    async remove(recording: { providerRecordingId: string | null }): Promise<void> {
      try {
        await carrierRequest({
          carrier: "SignalWire",
          method: "DELETE",
          url: resource(recording.providerRecordingId, ".json"),
          headers: { authorization },
        });
      } catch (error) {
        // Already gone at SignalWire (an earlier run deleted it, then stopped before writing so).
        if (!(error instanceof CarrierRestError && error.status === 404)) throw error;
      }
    },
  };
}
