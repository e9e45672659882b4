import type { RouterOutputs } from "../api/trpc.ts";

type Voicemail = RouterOutputs["calls"]["list"]["calls"][number]["voicemails"][number];

/** A call's voicemails where calls are listed, each with its transcript (or why there is none yet). */
export function VoicemailTranscripts({ voicemails }: { voicemails: Voicemail[] }) {
  if (!voicemails.length) return null;
  return (
    <ul className="voicemail-transcripts small" aria-label="Voicemails">
      {voicemails.map((v) => (
        <li key={v.id}>
          <strong>Voicemail{v.mailbox ? ` for ${v.mailbox}` : ""}:</strong>{" "}
          {v.transcript !== null ? (
            v.transcript || <span className="muted">nothing was said</span>
          ) : (
            <span className="muted">{v.transcriptionError ?? "being transcribed…"}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
