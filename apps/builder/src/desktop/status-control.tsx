import { useMutation } from "@tanstack/react-query";
import { CONNECTION_LOST } from "@ringflow/flow-schema";
import { useId } from "react";
import { errorMessage } from "../api/trpc.ts";
import { agentStateWords } from "../queues/agent-state-words.ts";
import { CallTimer } from "./call-timer.tsx";
import { desktopApi, type AgentChoice } from "./desktop-api.ts";

/** "available", "away:Lunch", "offline": one select value per choice. */
const valueOf = (state: string, reason: string | null) => (state === "away" ? `away:${reason ?? ""}` : state);

function choiceOf(value: string): AgentChoice {
  if (value.startsWith("away:")) return { state: "away", reason: value.slice(5) };
  return value === "available" ? { state: "available" } : { state: "offline" };
}

/** The agent's own state, and the choices an agent has: take calls, be away for a reason, sign out. */
export function StatusControl({
  state,
  reason,
  since,
  awayReasons,
  onChanged,
}: {
  state: string;
  reason: string | null;
  since: number | null;
  awayReasons: string[];
  onChanged(): void;
}) {
  const id = useId();
  const change = useMutation({
    mutationFn: (value: string) => desktopApi.setState(choiceOf(value)),
    onSuccess: onChanged,
  });
  const busy = state === "ringing" || state === "on-call";
  const current = valueOf(state, reason);
  return (
    <div className="status-control">
      <span className={`state-dot state-${state}`} aria-hidden="true" />
      <label htmlFor={id} className="field-label">
        Your status
      </label>
      <select
        id={id}
        value={["available", "offline"].includes(current) || current.startsWith("away:") ? current : ""}
        disabled={busy || change.isPending}
        onChange={(e) => change.mutate(e.target.value)}
      >
        {!["available", "offline", "away"].includes(state) && (
          <option value="">{agentStateWords(state)}</option>
        )}
        <option value="available">Available for calls</option>
        {awayReasons.map((r) => (
          <option key={r} value={`away:${r}`}>
            Away: {r}
          </option>
        ))}
        {state === "away" && reason && !awayReasons.includes(reason) && (
          <option value={`away:${reason}`}>Away: {reason === "no-answer" ? "missed a call" : reason}</option>
        )}
        <option value="offline">Signed out of calls</option>
      </select>
      {state === "offline" && reason === CONNECTION_LOST && (
        <span className="muted small">Your connection was lost, so you were signed out of calls.</span>
      )}
      {since && (
        <span className="muted small">
          for <CallTimer since={since} />
        </span>
      )}
      {change.error && (
        <p className="error small" role="alert">
          {errorMessage(change.error)}
        </p>
      )}
    </div>
  );
}
