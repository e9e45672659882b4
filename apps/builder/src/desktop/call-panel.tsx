import type { CallControlTarget, LiveCall } from "@ringflow/flow-schema";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/trpc.ts";
import { CallTimer } from "./call-timer.tsx";
import { desktopApi } from "./desktop-api.ts";
import { RecordingControls } from "./recording-controls.tsx";
import { ScreenPopCard, useScreenPop } from "./screen-pop-card.tsx";
import { TransferForm, type TransferMode } from "./transfer-form.tsx";
import type { Phone } from "./use-phone.ts";

export interface Directory {
  queues: { id: string; name: string }[];
  agents: { id: string; name: string }[];
  queueName(queueId: string | null): string | null;
}

function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

/** A call ringing for the agent: who it is and what they told the flow, before answering. */
export function OfferedCall({
  call,
  phone,
  directory,
  onAnswered,
  handle,
}: {
  call: LiveCall;
  phone: Phone;
  directory: Directory;
  onAnswered(): void;
  /** Filled in so the answer shortcut answers this call. */
  handle: { current: (() => void) | null };
}) {
  const pop = useScreenPop(call);
  const leg = phone.leg(call.callId);
  const answer = useMutation({
    mutationFn: async () => {
      leg?.accept();
      if (call.offerId) await desktopApi.acceptOffer(call.offerId);
    },
    onSuccess: onAnswered,
    onError: () => leg?.hangUp(),
  });
  const decline = useMutation({
    mutationFn: async () => {
      leg?.reject();
      if (call.offerId) await desktopApi.declineOffer(call.offerId);
    },
  });
  handle.current = () => answer.mutate();
  const queue = directory.queueName(call.queueId);
  return (
    <article className="call-card ringing" aria-label="Incoming call" aria-live="assertive">
      <header className="call-head">
        <h2>
          {call.callbackNumber ? "Callback" : "Incoming call"}
          {queue ? ` from the ${queue} queue` : ""}
        </h2>
        {call.enteredQueueAt && (
          <span className="muted small">
            waiting <CallTimer since={call.enteredQueueAt} />
          </span>
        )}
      </header>
      {call.callbackNumber && (
        <p className="callback-request">
          The caller asked to be called back: answering calls <strong>{call.callbackNumber}</strong>.
        </p>
      )}
      <ScreenPopCard from={call.from} pop={pop} />
      {!leg && phone.status.kind === "ready" && (
        <p className="muted small">Answer here, then pick up where this call rings for you.</p>
      )}
      <Problem error={answer.error ?? decline.error} />
      <div className="row call-actions">
        <button
          type="button"
          className="primary answer"
          aria-keyshortcuts="Alt+A"
          disabled={answer.isPending}
          onClick={() => answer.mutate()}
        >
          Answer <kbd>Alt+A</kbd>
        </button>
        <button
          type="button"
          className="danger"
          disabled={decline.isPending}
          onClick={() => decline.mutate()}
        >
          Decline
        </button>
      </div>
    </article>
  );
}

export interface ActiveCallHandle {
  toggleHold(): void;
  toggleMute(): void;
  hangUp(): void;
}

/** The call the agent is on: hold, mute, transfers, a third person, hang up; the screen pop stays in view. */
export function ActiveCall({
  call,
  phone,
  directory,
  handle,
  onLeft,
}: {
  call: LiveCall;
  phone: Phone;
  directory: Directory;
  /** Filled in so keyboard shortcuts act on this call. */
  handle: { current: ActiveCallHandle | null };
  /** The agent left the call (hung up, transferred): time to finish up. */
  onLeft(): void;
}) {
  const pop = useScreenPop(call);
  const leg = phone.leg(call.callId);
  const [held, setHeld] = useState(false);
  const [muted, setMuted] = useState(false);
  const [consulting, setConsulting] = useState(false);
  const [thirdParty, setThirdParty] = useState(false);
  const [form, setForm] = useState<TransferMode | null>(null);
  const [said, setSaid] = useState("");
  const act = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
  });
  const run = (what: () => Promise<unknown>, done: () => void, words: string) =>
    act.mutate(what, {
      onSuccess: () => {
        done();
        setSaid(words);
      },
    });
  const toggleHold = () =>
    run(
      () => (held ? desktopApi.resume(call.callId) : desktopApi.hold(call.callId)),
      () => setHeld(!held),
      held ? "The caller is back with you." : "The caller is on hold and hears music.",
    );
  const toggleMute = () => {
    leg?.mute(!muted);
    setMuted(!muted);
    setSaid(muted ? "The caller hears you again." : "Your microphone is off.");
  };
  const hangUp = () =>
    run(
      async () => {
        await desktopApi.hangUp(call.callId, false);
        leg?.hangUp();
      },
      onLeft,
      "You left the call.",
    );
  handle.current = { toggleHold, toggleMute, hangUp };
  const submitTarget = (target: CallControlTarget) => {
    const mode = form;
    setForm(null);
    if (mode === "blind") run(() => desktopApi.transfer(call.callId, target), onLeft, "Transferred.");
    else if (target.kind !== "queue" && mode === "consult")
      run(
        () => desktopApi.consult(call.callId, target),
        () => setConsulting(true),
        "Calling them; the caller is on hold.",
      );
    else if (target.kind !== "queue")
      run(
        () => desktopApi.addParty(call.callId, target),
        () => setThirdParty(true),
        "Adding them to the call.",
      );
  };
  const queue = directory.queueName(call.queueId);
  return (
    <article className="call-card connected" aria-label="Current call">
      <header className="call-head">
        <h2>
          On a call{queue ? ` · ${queue}` : ""} {held && <span className="pill">On hold</span>}
          {muted && <span className="pill">Muted</span>}
        </h2>
        {call.answeredAt && (
          <span className="call-time">
            <CallTimer since={call.answeredAt} />
          </span>
        )}
      </header>
      <ScreenPopCard from={call.from} pop={pop} />
      <Problem error={act.error} />
      <p className="muted small" role="status">
        {said}
      </p>
      <div className="row call-actions">
        <button type="button" aria-pressed={held} aria-keyshortcuts="Alt+H" onClick={toggleHold}>
          {held ? "Resume" : "Hold"} <kbd>Alt+H</kbd>
        </button>
        <button type="button" aria-pressed={muted} aria-keyshortcuts="Alt+M" onClick={toggleMute}>
          {muted ? "Unmute" : "Mute"} <kbd>Alt+M</kbd>
        </button>
        {!consulting && (
          <>
            <button type="button" onClick={() => setForm("blind")}>
              Transfer
            </button>
            <button type="button" onClick={() => setForm("consult")}>
              Talk first, then transfer
            </button>
            {thirdParty ? (
              <button
                type="button"
                onClick={() =>
                  run(
                    () => desktopApi.dropThirdParty(call.callId),
                    () => setThirdParty(false),
                    "The person you added has left the call. You and the caller go on.",
                  )
                }
              >
                Drop the person you added
              </button>
            ) : (
              <button type="button" onClick={() => setForm("conference")}>
                Add someone
              </button>
            )}
          </>
        )}
        {consulting && (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => run(() => desktopApi.completeConsult(call.callId), onLeft, "Handed over.")}
            >
              Hand the caller over
            </button>
            <button
              type="button"
              onClick={() =>
                run(
                  () => desktopApi.returnConsult(call.callId),
                  () => setConsulting(false),
                  "The caller is back with you.",
                )
              }
            >
              Back to the caller
            </button>
          </>
        )}
        <button type="button" className="danger" aria-keyshortcuts="Alt+X" onClick={hangUp}>
          Hang up <kbd>Alt+X</kbd>
        </button>
      </div>
      <RecordingControls callId={call.callId} />
      {form && (
        <TransferForm
          mode={form}
          queues={directory.queues}
          agents={directory.agents}
          busy={act.isPending}
          onSubmit={submitTarget}
          onCancel={() => setForm(null)}
        />
      )}
    </article>
  );
}
