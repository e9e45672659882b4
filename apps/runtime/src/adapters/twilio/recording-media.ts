import { rebaseTwilioUrl } from "./rest-client.ts";

/** Why a copy failed, in a sentence an admin can read; `final` when retrying cannot help (too big, not audio). */
export class RecordingCopyError extends Error {
  override name = "RecordingCopyError";
  constructor(
    message: string,
    readonly final = false,
  ) {
    super(message);
  }
}

const RECORDING_URL =
  /^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Recordings\/(RE[0-9a-f]{32})$/;

/** The recording SID of one of this account's RecordingUrls; anything else is refused (no fetching elsewhere). */
export function twilioRecordingSid(url: string, accountSid: string): string {
  const match = RECORDING_URL.exec(url.replace(/\.(wav|mp3|json)$/, ""));
  if (!match || match[1] !== accountSid)
    throw new RecordingCopyError("The recording URL is not a recording of this Twilio account.", true);
  return match[2]!;
}

/**
 * Downloads a recording's media (RecordingUrl + ".wav", Twilio's original format) with the account's
 * credentials, reading at most `maxBytes`.
 */
export async function downloadTwilioRecording(
  account: { accountSid: string; authToken: string },
  recordingUrl: string,
  baseUrl: string,
  maxBytes: number,
): Promise<Buffer> {
  const sid = twilioRecordingSid(recordingUrl, account.accountSid);
  const url = rebaseTwilioUrl(
    `https://api.twilio.com/2010-04-01/Accounts/${account.accountSid}/Recordings/${sid}.wav`,
    baseUrl,
  );
  const auth = Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64");
  const response = await fetch(url, {
    headers: { authorization: `Basic ${auth}` },
    signal: AbortSignal.timeout(120_000),
  });
  if (response.status === 404) throw new RecordingCopyError("Twilio has no media for this recording (yet).");
  return readRecordingMedia(response, "Twilio", maxBytes);
}

/** A carrier's answer with a recording's media, read whole but never past `maxBytes`. */
export async function readRecordingMedia(
  response: Response,
  carrier: string,
  maxBytes: number,
): Promise<Buffer> {
  if (!response.ok || !response.body)
    throw new RecordingCopyError(`${carrier} answered ${response.status} when asked for the recording.`);
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new RecordingCopyError(`The recording is ${declared} bytes, over the limit of ${maxBytes}.`, true);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > maxBytes)
      throw new RecordingCopyError(`The recording is over the limit of ${maxBytes} bytes.`, true);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
