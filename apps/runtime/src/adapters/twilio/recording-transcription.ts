import * as z from "zod";
import { TranscriptionError, type Transcript } from "@ringflow/recordings";
import { twilioRecordingSid } from "./recording-media.ts";
import { rebaseTwilioUrl } from "./rest-client.ts";

/** Twilio's Recording Transcriptions list (2010-04-01): the fields we read of each transcription. */
const transcriptionListSchema = z.object({
  transcriptions: z.array(
    z.object({
      sid: z.string(),
      status: z.enum(["in-progress", "completed", "failed"]),
      transcription_text: z.string().nullable(),
      date_created: z.string().nullable(),
    }),
  ),
});

/** Twilio transcribes English only; a message of unknown language is tried. */
export const twilioTranscribes = (language: string | undefined) => !language || /^en\b/i.test(language);

/**
 * Twilio's own transcription of one of this account's recordings: `GET …/Recordings/{Sid}/Transcriptions.json`.
 * Twilio writes one only for recordings made with transcription on (a voicemail's Record), in English; until it
 * has finished the job is retried.
 */
export async function fetchTwilioTranscription(
  account: { accountSid: string; authToken: string },
  recordingUrl: string,
  baseUrl: string,
  language: string,
): Promise<Transcript> {
  if (!twilioTranscribes(language))
    throw new TranscriptionError(
      `Twilio transcribes only English recordings; this call was in ${language}.`,
      true,
    );
  const sid = twilioRecordingSid(recordingUrl, account.accountSid);
  const url = rebaseTwilioUrl(
    `https://api.twilio.com/2010-04-01/Accounts/${account.accountSid}/Recordings/${sid}/Transcriptions.json?PageSize=20`,
    baseUrl,
  );
  const auth = Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64");
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Basic ${auth}` },
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new TranscriptionError("Twilio could not be reached for the transcription.");
  }
  if (response.status === 404)
    throw new TranscriptionError(
      "Twilio no longer has this recording, so it has no transcription of it.",
      true,
    );
  if (!response.ok)
    throw new TranscriptionError(`Twilio answered ${response.status} when asked for the transcription.`);
  const parsed = transcriptionListSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new TranscriptionError("Twilio's list of transcriptions was not understood.");
  const { transcriptions } = parsed.data;
  const done = transcriptions.find((t) => t.status === "completed" && t.transcription_text !== null);
  if (done?.transcription_text != null) {
    const text = done.transcription_text;
    // One text, without speakers or times: no turns.
    return { engine: "twilio", language, text, turns: [] };
  }
  if (transcriptions.some((t) => t.status === "in-progress"))
    throw new TranscriptionError("Twilio is still transcribing this recording.");
  if (transcriptions.length)
    throw new TranscriptionError("Twilio could not transcribe this recording.", true);
  throw new TranscriptionError(
    "Twilio has no transcription of this recording (it transcribes only recordings made with transcription on).",
  );
}
