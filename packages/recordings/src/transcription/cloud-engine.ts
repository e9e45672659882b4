import * as z from "zod";
import { textOfTurns, TranscriptionError, type Transcript } from "./transcript.ts";

/**
 * A cloud engine with a Deepgram-style pre-recorded API: `POST {baseUrl}/v1/listen?…` with the audio as the
 * body and `Authorization: Token <key>`; `diarize` and `utterances` give speaker turns.
 */
/** How a tenant's API key for the cloud engine is sealed: bound to the tenant like provider credentials. */
export const CLOUD_ENGINE_KEY_KIND = "transcription-cloud";

export const cloudEngineConfigSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().min(1),
  model: z.string().min(1).default("nova-2"),
});
export type CloudEngineConfig = z.input<typeof cloudEngineConfigSchema>;

const listenResponseSchema = z.object({
  results: z.object({
    channels: z
      .array(z.object({ alternatives: z.array(z.object({ transcript: z.string() })).default([]) }))
      .default([]),
    utterances: z
      .array(
        z.object({
          start: z.number(),
          end: z.number(),
          transcript: z.string(),
          speaker: z.number().int().min(0).optional(),
        }),
      )
      .optional(),
  }),
});

export async function transcribeInCloud(
  audio: Buffer,
  contentType: string,
  options: CloudEngineConfig & { language: string; timeoutMs?: number },
): Promise<Transcript> {
  const config = cloudEngineConfigSchema.parse(options);
  const url = new URL("v1/listen", config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`);
  const query = {
    model: config.model,
    language: options.language,
    punctuate: "true",
    diarize: "true",
    utterances: "true",
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Token ${config.apiKey}`, "content-type": contentType },
      body: new Uint8Array(audio),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5 * 60_000),
      redirect: "error",
    });
  } catch {
    throw new TranscriptionError("The transcription service could not be reached.");
  }
  if (response.status === 401 || response.status === 403)
    throw new TranscriptionError("The transcription service refused the API key.", true);
  if (response.status === 400)
    throw new TranscriptionError("The transcription service refused the audio or the language.", true);
  if (!response.ok) throw new TranscriptionError(`The transcription service answered ${response.status}.`);
  const parsed = listenResponseSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new TranscriptionError("The transcription service's answer was not understood.");
  const { results } = parsed.data;
  const turns = (results.utterances ?? []).map((u) => ({
    speaker: u.speaker ?? null,
    startSeconds: u.start,
    endSeconds: u.end,
    text: u.transcript,
  }));
  const text = results.channels[0]?.alternatives[0]?.transcript ?? textOfTurns(turns);
  return { engine: "cloud", language: options.language, text, turns };
}
