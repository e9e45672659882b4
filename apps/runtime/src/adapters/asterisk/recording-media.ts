import { RecordingCopyError } from "../twilio/recording-media.ts";
import type { AsteriskAccount } from "./ari-application.ts";
import { ariHttp, AriHttpRefusedError } from "@ringflow/platform";

/**
 * The stored recording a URL names, when it is one of this account's (`<ariBase>/recordings/stored/<name>/file`,
 * as the adapter logs them); anything else is refused, so the account's credentials go nowhere else.
 */
export function storedRecordingName(url: string, account: Pick<AsteriskAccount, "ariBase">): string {
  const prefix = `${account.ariBase}/recordings/stored/`;
  const name =
    url.startsWith(prefix) && url.endsWith("/file") ? url.slice(prefix.length, -"/file".length) : "";
  if (!name || name.includes("/"))
    throw new RecordingCopyError("The recording URL is not a recording of this Asterisk.", true);
  return decodeURIComponent(name);
}

/** ARI with the account's user; a refused address or an oversized file cannot be fixed by retrying. */
async function ariRequest(
  account: AsteriskAccount,
  method: "GET" | "DELETE",
  path: string,
  options: { maxBytes: number; allowNetworks: readonly string[] },
) {
  try {
    return await ariHttp(account, { method, path, ...options });
  } catch (error) {
    if (error instanceof AriHttpRefusedError) throw new RecordingCopyError(error.message, true);
    if (/larger than/.test((error as Error).message))
      throw new RecordingCopyError(`The recording is over the limit of ${options.maxBytes} bytes.`, true);
    throw error;
  }
}

/** A stored recording's file (GET /recordings/stored/{name}/file), at most `maxBytes`. */
export async function downloadAsteriskRecording(
  account: AsteriskAccount,
  url: string,
  options: { maxBytes: number; allowNetworks: readonly string[] },
): Promise<Buffer> {
  const name = storedRecordingName(url, account);
  const response = await ariRequest(
    account,
    "GET",
    `/recordings/stored/${encodeURIComponent(name)}/file`,
    options,
  );
  if (response.status === 404) throw new RecordingCopyError("Asterisk has no such recording (any more).");
  if (response.status < 200 || response.status > 299)
    throw new RecordingCopyError(`Asterisk answered ${response.status} when asked for the recording.`);
  return response.body;
}

/** Deletes the PBX's copy (DELETE /recordings/stored/{name}); one already gone counts as deleted. */
export async function deleteAsteriskRecording(
  account: AsteriskAccount,
  url: string,
  options: { allowNetworks: readonly string[] },
): Promise<void> {
  const name = storedRecordingName(url, account);
  const response = await ariRequest(account, "DELETE", `/recordings/stored/${encodeURIComponent(name)}`, {
    ...options,
    maxBytes: 64 * 1024,
  });
  if (response.status !== 404 && (response.status < 200 || response.status > 299))
    throw new RecordingCopyError(`Asterisk answered ${response.status} when asked to delete the recording.`);
}
