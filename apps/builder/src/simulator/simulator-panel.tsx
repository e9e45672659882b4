import {
  dialStatusSchema,
  enqueueStatusSchema,
  TWO_PARTY_CONSENT_STATES,
  type SimulatorClientMessage,
} from "@ringflow/flow-schema";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import { blockName } from "../store/block-name.ts";
import type { CanvasNode } from "../store/canvas-types.ts";
import { useFlow, useFlowStoreApi } from "../store/flow-store-context.tsx";
import { clockZoneOf, nowIn, zonedIso } from "./call-clock.ts";
import { describeEnding, dialOutcomes, queueOutcomes } from "./call-words.ts";
import { usStates } from "./us-states.ts";
import { PromptAudio } from "./prompt-audio.tsx";
import { describeTraceEntry, traceNote } from "./trace-words.ts";
import { simulatorUrl } from "./runtime-url.ts";
import {
  describeInput,
  initialView,
  reduceView,
  SimulatorConnection,
  type SimulatorView,
} from "./simulator-session.ts";
import { SidePanel } from "../editor/side-panel.tsx";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const twoParty = new Set<string>(TWO_PARTY_CONSENT_STATES);

function speak(text: string, language: string, enabled: boolean) {
  if (!enabled || typeof speechSynthesis === "undefined") return;
  const utterance = new SpeechSynthesisUtterance(text.replace(/<[^>]+>/g, ""));
  utterance.lang = language;
  speechSynthesis.speak(utterance);
}

/**
 * The test call: runs the canvas as it is now (saved or not) on the runtime's engine, through the simulator
 * WebSocket. Prompts appear and are spoken; the keypad and the speech box answer; the active block lights up.
 */
export function SimulatorPanel({
  onClose,
  endActions,
}: {
  onClose(): void;
  /** Shown once a call has ended, e.g. "Save as test case". */
  endActions?: (callId: string) => ReactNode;
}) {
  const api = useFlowStoreApi();
  // Blocks by their names in the transcript and the trace.
  const nodes = useFlow((s) => s.nodes);
  const [view, setView] = useState<SimulatorView>(initialView);
  const [from, setFrom] = useState("+15555550100");
  // The clock is read in the flow's zone, so "10:00" means 10:00 where the business hours are.
  const [zone, zoneSource] = useFlow((s) => {
    const found = clockZoneOf(s.document(), browserZone);
    return `${found.zone}\n${found.source}`;
  }).split("\n") as [string, string];
  const [clock, setClock] = useState(() => nowIn(zone));
  const [callerState, setCallerState] = useState("");
  const [voice, setVoice] = useState(true);
  const [speech, setSpeech] = useState("");
  const [digits, setDigits] = useState("");
  const connection = useRef<SimulatorConnection | null>(null);
  const voiceRef = useRef(voice);
  voiceRef.current = voice;
  const transcriptEnd = useRef<HTMLLIElement>(null);
  const config = useQuery({
    queryKey: ["system.config"],
    queryFn: () => trpc.system.config.query(),
    staleTime: Infinity,
  });
  const runtimeUrl = config.data?.runtimeUrl;

  useEffect(() => {
    if (!runtimeUrl) return;
    const conn = new SimulatorConnection(
      simulatorUrl(runtimeUrl),
      (message) => {
        if (message.type === "say") speak(message.text, message.language, voiceRef.current);
        if (message.type === "state")
          api.getState().setActiveNode(message.status === "ended" ? null : message.nodeId);
        if (message.type === "ended") api.getState().setActiveNode(null);
        const shown =
          message.type === "ended"
            ? { ...message, reason: describeEnding(message.reason, api.getState().document()) }
            : message;
        setView((v) => reduceView(v, shown));
      },
      (reason) =>
        setView((v) =>
          v.status === "ended" || !reason
            ? v
            : {
                ...v,
                status: "failed",
                error: reason,
                transcript: [...v.transcript, { who: "system", tone: "error", text: reason }],
              },
        ),
    );
    connection.current = conn;
    return () => {
      conn.close();
      api.getState().setActiveNode(null);
      if (typeof speechSynthesis !== "undefined") speechSynthesis.cancel();
    };
  }, [api, runtimeUrl]);

  useEffect(() => {
    // A block body: scrollIntoView returns a promise in recent browsers, and an effect may return only a cleanup.
    void transcriptEnd.current?.scrollIntoView({ block: "nearest" });
  }, [view.transcript.length]);

  const start = () => {
    if (typeof speechSynthesis !== "undefined") speechSynthesis.cancel();
    setView({ ...initialView, status: "connecting" });
    connection.current?.open({
      type: "start",
      flow: { document: api.getState().document() },
      caller: {
        from,
        to: "+15555550199",
        direction: "inbound",
        ...(callerState ? { callerState } : {}),
      },
      clock: zonedIso(clock, zone),
    });
  };
  const send = (message: SimulatorClientMessage) => {
    const text = describeInput(message);
    if (typeof speechSynthesis !== "undefined") speechSynthesis.cancel();
    setView((v) => ({
      ...v,
      waiting: message.type === "clock" ? v.waiting : null,
      transcript: text ? [...v.transcript, { who: "caller", text }] : v.transcript,
    }));
    connection.current?.send(message);
  };

  const live = view.status === "running" || view.status === "waiting";
  const waitingFor = view.waiting?.for;
  const command = view.waiting?.command;
  const listens = waitingFor === "gather" && command?.type === "gather" ? command.input : [];
  const oneKey = command?.type === "gather" && command.numDigits === 1;

  return (
    <SidePanel title="Test call" onClose={onClose} className="simulator">
      <p className="help">
        Calls the flow as it is on the canvas now, before you publish. Nothing is dialled for real.
      </p>
      <div className="sim-settings">
        <label>
          Caller number
          <input type="tel" value={from} onChange={(e) => setFrom(e.target.value)} disabled={live} />
        </label>
        <label>
          Caller's US state
          <select value={callerState} onChange={(e) => setCallerState(e.target.value)} disabled={live}>
            <option value="">Unknown (asks consent)</option>
            {usStates.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
                {twoParty.has(code) ? " (all must agree to recording)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label>
          Date and time of the call, in {zone}
          <input type="datetime-local" value={clock} onChange={(e) => setClock(e.target.value)} />
          <span className="help">Read in {zoneSource}.</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={voice} onChange={(e) => setVoice(e.target.checked)} /> Read prompts
          aloud
        </label>
      </div>
      <div className="row">
        {live ? (
          <>
            <button type="button" className="danger-button" onClick={() => send({ type: "hangup" })}>
              Hang up
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => send({ type: "clock", at: zonedIso(clock, zone) })}
            >
              Move the clock
            </button>
          </>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={start}
            disabled={view.status === "connecting" || !runtimeUrl}
          >
            {view.status === "connecting"
              ? "Calling…"
              : view.status === "idle"
                ? "Start test call"
                : "Call again"}
          </button>
        )}
      </div>

      {config.error && (
        <p className="error" role="alert">
          The test call is not available right now: {errorMessage(config.error)}
        </p>
      )}
      <ol className="transcript" aria-label="Transcript" aria-live="polite">
        {view.transcript.length === 0 && <li className="muted">Start a test call to hear your flow.</li>}
        {view.transcript.map((line, i) => (
          <li
            key={i}
            className={`line line-${line.who}${line.who === "system" && line.tone ? ` line-${line.tone}` : ""}`}
          >
            {line.who === "flow" && <span className="who">{speakerOf(line.nodeId, nodes)}</span>}
            {line.who === "caller" && <span className="who">Caller</span>}
            <span>{line.text}</span>
            {line.who === "flow" && line.audioUrl && <PromptAudio url={line.audioUrl} />}
          </li>
        ))}
        <li ref={transcriptEnd} aria-hidden="true" />
      </ol>

      {view.status === "ended" && view.callId && endActions?.(view.callId)}
      {waitingFor === "gather" && (
        <div className="answer" aria-label="Answer">
          <p className="small strong">
            The flow is listening
            {listens.length
              ? ` for ${listens.map((i) => (i === "dtmf" ? "key presses" : "speech")).join(" or ")}`
              : ""}
            .
          </p>
          {listens.includes("dtmf") && (
            <>
              <div className="keypad" role="group" aria-label="Keypad">
                {KEYS.map((key) => (
                  <button
                    key={key}
                    type="button"
                    aria-label={`Key ${key}`}
                    onClick={() =>
                      oneKey ? send({ type: "digits", digits: key }) : setDigits((d) => d + key)
                    }
                  >
                    {key}
                  </button>
                ))}
              </div>
              {!oneKey && (
                <form
                  className="row"
                  onSubmit={(e) => {
                    e.preventDefault();
                    send({ type: "digits", digits });
                    setDigits("");
                  }}
                >
                  <input
                    aria-label="Keys to send"
                    value={digits}
                    onChange={(e) => setDigits(e.target.value.replace(/[^0-9*#]/g, ""))}
                  />
                  <button type="submit" className="secondary">
                    Send keys
                  </button>
                </form>
              )}
            </>
          )}
          {listens.includes("speech") && (
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                if (speech.trim()) send({ type: "speech", text: speech.trim() });
                setSpeech("");
              }}
            >
              <input
                aria-label="Say something"
                placeholder="Type what the caller says"
                value={speech}
                onChange={(e) => setSpeech(e.target.value)}
              />
              <button type="submit" className="secondary">
                Say
              </button>
            </form>
          )}
          <button type="button" className="link" onClick={() => send({ type: "noInput" })}>
            Stay silent
          </button>
        </div>
      )}
      {waitingFor === "dial" && (
        <div className="answer row" role="group" aria-label="How the transfer ends">
          {dialStatusSchema.options.map((status) => (
            <button
              key={status}
              type="button"
              className="secondary"
              onClick={() => send({ type: "dial", status })}
            >
              {dialOutcomes[status]}
            </button>
          ))}
        </div>
      )}
      {waitingFor === "enqueue" && (
        <div className="answer row" role="group" aria-label="How the queue ends">
          {enqueueStatusSchema.options.map((status) => (
            <button
              key={status}
              type="button"
              className="secondary"
              onClick={() => send({ type: "queue", status })}
            >
              {queueOutcomes[status]}
            </button>
          ))}
        </div>
      )}
      {waitingFor === "record" && (
        <div className="answer row" role="group" aria-label="Voicemail">
          <button
            type="button"
            className="secondary"
            onClick={() => send({ type: "record", durationSeconds: 12, transcript: "Please call me back." })}
          >
            Leave a message
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => send({ type: "record", durationSeconds: 0 })}
          >
            Leave nothing
          </button>
        </div>
      )}

      {view.state && Object.keys(view.state.variables).length > 0 && (
        <details open>
          <summary>Variables</summary>
          <table className="vars">
            <tbody>
              {Object.entries(view.state.variables).map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td className="mono">{JSON.stringify(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {view.trace.length > 0 && (
        <details>
          <summary>Trace ({view.trace.length} steps)</summary>
          <ol className="trace small">
            {view.trace.map((t, i) => (
              <li key={i}>
                {describeTraceEntry(t, nodes)} <span className="muted">{traceNote(t)}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </SidePanel>
  );
}

/** Who speaks a line of the transcript: the block by its name on the canvas. */
function speakerOf(nodeId: string | null, nodes: readonly CanvasNode[]): string {
  const node = nodeId ? nodes.find((n) => n.id === nodeId) : undefined;
  return node ? `Flow · ${blockName(node)}` : "Flow";
}
