import type { RouterOutputs } from "../api/trpc.ts";

/** What of a voicemail the calls list and the desktop's history both give (the same select in the API). */
type Voicemail = Pick<
  RouterOutputs["desktop"]["history"]["calls"][number]["voicemails"][number],
  "id" | "mailbox" | "durationSeconds" | "transcript" | "transcriptionError"
>;

/**
 * A call's voicemails where calls are listed, each with its transcript (or why there is none yet).
 * `transcriptsShown: false`: the person may not listen to recordings, so only that a message was left.
 */
export function VoicemailTranscripts({
  voicemails,
  transcriptsShown = true,
}: {
  voicemails: Voicemail[];
  transcriptsShown?: boolean;
}) {
  if (!voicemails.length) return null;
  return (
    <ul className="voicemail-transcripts small" aria-label="Voicemails">
      {voicemails.map((v) => (
        <li key={v.id}>
          <strong>Voicemail{v.mailbox ? ` for ${v.mailbox}` : ""}:</strong>{" "}
          {!transcriptsShown ? (
            <span className="muted">
              a message was left{v.durationSeconds ? ` (${v.durationSeconds} s)` : ""}; those who may listen
              to recordings can read it.
            </span>
          ) : v.transcript !== null ? (
            v.transcript || <span className="muted">nothing was said</span>
          ) : (
            <span className="muted">{v.transcriptionError ?? "being transcribed…"}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
