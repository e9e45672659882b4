import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";
import { useMayListen } from "./may-listen.ts";
import "./recordings.css";

type Found = RouterOutputs["recordings"]["forCall"];
type Recording = Found["recordings"][number];
type Consent = Found["consents"][number];

const clock = (seconds: number | null) =>
  seconds === null ? "" : `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;

/**
 * A call's recordings on its detail page: a player (a short-lived link, asked for when you press Listen, so
 * every listen is audited), the consent that allowed it and the transcript. Only for people who may listen.
 */
export function CallRecordings({ callId }: { callId: string }) {
  const mayListen = useMayListen();
  const found = useQuery({
    queryKey: ["recordings.forCall", callId],
    queryFn: () => trpc.recordings.forCall.query({ callId }),
    enabled: mayListen,
    // A transcript arrives after the call: look again until each copied recording has one or says why not.
    refetchInterval: (query) =>
      query.state.data?.recordings.some((r) => !r.transcribedAt && !r.transcriptionError) ? 5000 : false,
  });
  if (!mayListen) return null;
  if (found.error)
    return (
      <p className="error" role="alert">
        {errorMessage(found.error)}
      </p>
    );
  if (!found.data) return null;
  const { recordings, consents, legalHold } = found.data;
  if (!recordings.length && !consents.length) return null;
  return (
    <section className="call-recordings" aria-label="Recordings">
      <h2>Recordings</h2>
      {legalHold && <p className="muted">This call is on legal hold: nothing of it is deleted.</p>}
      {recordings.length === 0 && <p className="muted">Nothing of this call was recorded.</p>}
      {recordings.map((recording) => (
        <RecordingItem
          key={recording.id}
          recording={recording}
          consent={consents.find((c) => c.id === recording.consentRecordId) ?? null}
          legalHold={legalHold}
        />
      ))}
      {recordings.length === 0 &&
        consents.map((consent) => <ConsentRecord key={consent.id} consent={consent} />)}
    </section>
  );
}

function RecordingItem(props: { recording: Recording; consent: Consent | null; legalHold: boolean }) {
  const { recording, consent } = props;
  const title =
    recording.kind === "voicemail"
      ? `Voicemail${recording.mailbox ? ` for ${recording.mailbox}` : ""}`
      : "Call recording";
  return (
    <article className="recording" aria-label={title}>
      <h3>
        {title}
        {recording.durationSeconds !== null && (
          <span className="muted"> · {clock(recording.durationSeconds)}</span>
        )}
      </h3>
      <Player recording={recording} />
      {recording.deleteAfter && !props.legalHold && (
        <p className="muted small">
          Deleted on {new Date(recording.deleteAfter).toLocaleDateString()} (retention).
        </p>
      )}
      {consent ? (
        <ConsentRecord consent={consent} />
      ) : (
        recording.kind !== "voicemail" && (
          <p className="muted small">No consent was asked for this recording.</p>
        )
      )}
      <Transcript recording={recording} />
    </article>
  );
}

/** Listen (a short-lived link, asked for on the press) and Download; also beside a voicemail in the timeline. */
export function Player({ recording }: { recording: Recording }) {
  const [src, setSrc] = useState<string | null>(null);
  const link = useMutation({
    mutationFn: (disposition: "inline" | "attachment") =>
      trpc.recordings.playbackLink.mutate({ recordingId: recording.id, disposition }),
    onSuccess: (answer, disposition) => {
      if (disposition === "inline") setSrc(answer.url);
      else window.location.assign(answer.url);
    },
  });
  if (!recording.copiedAt)
    return (
      <p className="muted small">
        {recording.copyError ?? "The recording is being copied into Ringflow; it can be played shortly."}
      </p>
    );
  return (
    <div className="player">
      {src ? (
        // The link lasts five minutes; seeking uses range requests on it.
        <audio controls autoPlay src={src} aria-label="Recording player" />
      ) : (
        <button type="button" onClick={() => link.mutate("inline")} disabled={link.isPending}>
          Listen
        </button>
      )}
      <button type="button" onClick={() => link.mutate("attachment")} disabled={link.isPending}>
        Download
      </button>
      {link.error && (
        <span className="error" role="alert">
          {errorMessage(link.error)}
        </span>
      )}
    </div>
  );
}

/** What the caller was told, what they did, and the rule that decided. */
function ConsentRecord({ consent }: { consent: Consent }) {
  const answer = !consent.required
    ? "No consent was needed."
    : consent.method === "agent"
      ? "The caller asked the agent to stop recording, so consent was withdrawn."
      : consent.method === "dtmf"
        ? consent.digits
          ? `The caller pressed ${consent.digits}${consent.granted ? " and agreed" : " and did not agree"}.`
          : `The caller pressed nothing${consent.granted ? "" : " and was not recorded"}.`
        : consent.granted
          ? "The caller stayed on the line after the announcement, which counts as agreeing."
          : "The caller did not agree.";
  return (
    <dl className="consent-record small" aria-label="Consent">
      <dt>Announced</dt>
      <dd>“{consent.announcementText}”</dd>
      <dt>Caller</dt>
      <dd>
        {answer}
        {consent.callerState ? ` Calling from ${consent.callerState}.` : ""}
      </dd>
      <dt>Rule applied</dt>
      <dd>{consent.rule}</dd>
      <dt>When</dt>
      <dd>{new Date(consent.at).toLocaleString()}</dd>
    </dl>
  );
}

const ENGINE_NAMES: Record<string, string> = {
  local: "transcribed on this server",
  twilio: "transcribed by Twilio",
  cloud: "transcribed by the cloud service",
};

function Transcript({ recording }: { recording: Recording }) {
  if (recording.transcript === null)
    return (
      <p className="muted small">
        {recording.transcriptionError
          ? `No transcript: ${recording.transcriptionError}`
          : recording.copiedAt
            ? "Being transcribed…"
            : ""}
      </p>
    );
  const speakers = new Set(recording.turns.map((t) => t.speaker).filter((s) => s !== null));
  return (
    <div className="transcript">
      <h4>
        Transcript{" "}
        <span className="muted small">
          ({ENGINE_NAMES[recording.transcriptEngine ?? ""] ?? "transcribed"}
          {recording.transcriptLanguage ? `, ${recording.transcriptLanguage}` : ""}; card, account and social
          security numbers are hidden)
        </span>
      </h4>
      {recording.turns.length > 0 ? (
        <ol className="transcript-turns">
          {recording.turns.map((turn, i) => (
            <li key={i}>
              <span className="muted small">{clock(turn.startSeconds)}</span>{" "}
              {speakers.size > 0 && turn.speaker !== null && <strong>Speaker {turn.speaker + 1}: </strong>}
              {turn.text}
            </li>
          ))}
        </ol>
      ) : (
        <p>{recording.transcript || <span className="muted">Nothing was said.</span>}</p>
      )}
    </div>
  );
}
