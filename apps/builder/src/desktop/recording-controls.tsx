import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage } from "../api/trpc.ts";
import { desktopApi } from "./desktop-api.ts";

type Recording = "off" | "on" | "paused";

const CONSENT_WORDS = {
  declined: "The caller did not agree to be recorded, so this call cannot be recorded.",
  withdrawn: "The caller asked not to be recorded, so this call cannot be recorded.",
} as const;

/**
 * Start, pause, resume and stop recording the call, within the caller's consent: a caller who declined (or
 * asked to stop) cannot be recorded, and the controls say so; "The caller asked to stop" withdraws consent.
 */
export function RecordingControls({ callId }: { callId: string }) {
  const id = useId();
  const client = useQueryClient();
  const key = ["desktop.recordingState", callId];
  const state = useQuery({ queryKey: key, queryFn: () => desktopApi.recordingState(callId), retry: false });
  const [recording, setRecording] = useState<Recording | null>(null);
  const now: Recording = recording ?? (state.data?.recording ? "on" : "off");
  const act = useMutation({
    mutationFn: async (step: { run: () => Promise<unknown>; next: Recording }) => {
      await step.run();
      return step.next;
    },
    onSuccess: (next) => setRecording(next),
    onSettled: () => void client.invalidateQueries({ queryKey: key }),
  });
  const consent = state.data?.consent;
  const refused = consent === "declined" || consent === "withdrawn" ? CONSENT_WORDS[consent] : null;
  const busy = act.isPending || !state.data;
  return (
    <div className="recording-controls row wrap" role="group" aria-label="Recording">
      <span className="small">
        {now === "on" ? (
          <span className="pill recording-on">Recording</span>
        ) : now === "paused" ? (
          <span className="pill">Recording paused</span>
        ) : (
          <span className="muted">Not recording</span>
        )}
      </span>
      {now === "off" && (
        <button
          type="button"
          disabled={busy || refused !== null}
          aria-describedby={refused ? `${id}-no-recording` : undefined}
          onClick={() => act.mutate({ run: () => desktopApi.startRecording(callId), next: "on" })}
        >
          Record
        </button>
      )}
      {now === "on" && (
        <button
          type="button"
          disabled={busy}
          onClick={() => act.mutate({ run: () => desktopApi.pauseRecording(callId), next: "paused" })}
        >
          Pause recording
        </button>
      )}
      {now === "paused" && (
        <button
          type="button"
          disabled={busy || refused !== null}
          onClick={() => act.mutate({ run: () => desktopApi.resumeRecording(callId), next: "on" })}
        >
          Resume recording
        </button>
      )}
      {now !== "off" && (
        <>
          <button
            type="button"
            disabled={busy}
            onClick={() => act.mutate({ run: () => desktopApi.stopRecording(callId, false), next: "off" })}
          >
            Stop recording
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => act.mutate({ run: () => desktopApi.stopRecording(callId, true), next: "off" })}
          >
            Stop: the caller asked
          </button>
        </>
      )}
      {refused && (
        <p id={`${id}-no-recording`} className="muted small">
          {refused}
        </p>
      )}
      {act.error && (
        <p className="error small" role="alert">
          {errorMessage(act.error)}
        </p>
      )}
    </div>
  );
}
