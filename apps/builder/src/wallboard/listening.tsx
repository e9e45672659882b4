import type { MonitorMode } from "@ringflow/flow-schema";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import type { SoftphoneCall } from "../desktop/softphone.ts";
import { usePhone } from "../desktop/use-phone.ts";

export const MONITOR_WORDS: Record<MonitorMode, string> = {
  listen: "Listen",
  whisper: "Coach the agent",
  barge: "Join the call",
};

const NOW_WORDS: Record<MonitorMode, (agent: string) => string> = {
  listen: (agent) => `Listening to ${agent}'s call. Nobody hears you.`,
  whisper: (agent) => `Coaching ${agent}. Only ${agent} hears you.`,
  barge: (agent) => `On ${agent}'s call. Everyone hears you.`,
};

/** The runtime rings the supervisor's browser phone soon after they ask; a leg long after is not theirs. */
const RING_WITHIN_MS = 60_000;

interface Listening {
  callId: string;
  agent: string;
  mode: MonitorMode;
  askedAt: number;
  leg: SoftphoneCall | null;
}

/**
 * A supervisor's listening in, from the wallboard: the browser phone (the desktop's) answers the leg the
 * runtime rings after Listen, Coach or Join was asked for; Stop takes the supervisor out of the call.
 */
export function useListening(enabled: boolean) {
  const [listening, setListening] = useState<Listening | null>(null);
  const current = useRef(listening);
  current.current = listening;
  const phone = usePhone(enabled, (leg) => {
    const asked = current.current;
    // Not a leg asked for here: left alone, for the desktop open in another tab (a reject would end it there).
    if (!asked || asked.leg || Date.now() - asked.askedAt > RING_WITHIN_MS) return;
    leg.accept();
    leg.onEnded(() => setListening((now) => (now?.leg === leg ? null : now)));
    setListening({ ...asked, leg });
  });
  const monitor = useMutation({
    mutationFn: (input: { callId: string; agent: string; mode: MonitorMode }) =>
      trpc.desktop.monitor.mutate({ callId: input.callId, mode: input.mode }),
    onSuccess: (_result, input) =>
      setListening((now) =>
        now?.callId === input.callId
          ? { ...now, mode: input.mode, agent: input.agent }
          : { ...input, askedAt: Date.now(), leg: null },
      ),
  });
  const stop = useMutation({
    mutationFn: async () => {
      const now = current.current;
      if (!now) return;
      await trpc.desktop.stopMonitor.mutate({ callId: now.callId });
      now.leg?.hangUp();
    },
    onSuccess: () => setListening(null),
  });
  return { phone, listening, monitor, stop };
}
export type ListeningState = ReturnType<typeof useListening>;

export function ListeningBar({ state }: { state: ListeningState }) {
  const { listening, stop, phone } = state;
  if (!listening)
    return phone.status.kind === "unavailable" ? (
      <p className="muted small">Listening in needs the browser phone: {phone.status.reason}</p>
    ) : null;
  return (
    <section className="listening row" aria-label="Listening in">
      <p role="status">
        {listening.leg
          ? NOW_WORDS[listening.mode](listening.agent)
          : `Your browser phone rings to join ${listening.agent}'s call…`}
      </p>
      <span className="spacer" />
      <button type="button" className="danger" disabled={stop.isPending} onClick={() => stop.mutate()}>
        Stop listening
      </button>
      {stop.error && (
        <p className="error small" role="alert">
          {errorMessage(stop.error)}
        </p>
      )}
    </section>
  );
}
