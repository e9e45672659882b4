import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import { ActiveCall, OfferedCall, type ActiveCallHandle, type Directory } from "./call-panel.tsx";
import { controlOutcomeWords } from "./control-outcome-words.ts";
import { desktopApi } from "./desktop-api.ts";
import { DirectCall } from "./direct-call.tsx";
import { useLiveFeed } from "./live-feed.ts";
import { myCalls } from "./my-calls.ts";
import { askForNotifications, Ringer } from "./ringer.ts";
import { ContactsPanel, DialPad, HistoryPanel } from "./side-panels.tsx";
import { StatusControl } from "./status-control.tsx";
import { usePhone } from "./use-phone.ts";
import { useDesktopShortcuts } from "./use-desktop-shortcuts.ts";
import { WrapUpPanel } from "./wrap-up-panel.tsx";
import "./desktop.css";

const FEED_WORDS = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting… calls keep ringing on your phone",
  closed: "Disconnected",
} as const;

/** Where an agent takes calls: status, the ringing call with its screen pop, the call, wrap-up, dialling. */
export function DesktopPage({ permissions }: { permissions: readonly string[] }) {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ["agents.me"], queryFn: desktopApi.myAgent, retry: false });
  const feed = useLiveFeed();
  const agentId = feed.viewer?.agentId ?? me.data?.agent.id ?? null;
  const phone = usePhone(me.isSuccess);
  const [wrapped, setWrapped] = useState<ReadonlySet<string>>(new Set());
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const mine = myCalls(feed, agentId, wrapped, left);
  // Legs of calls the feed does not show this agent (a Transfer block rang them): shown from the leg's call id.
  const direct = phone.direct(
    new Set([...mine.offered.map((c) => c.callId), ...(mine.active ? [mine.active.callId] : [])]),
  );
  const [number, setNumber] = useState("");
  const agents = useQuery({
    queryKey: ["agents.list"],
    queryFn: () => trpc.agents.list.query(),
    enabled: permissions.includes("agents.manage"),
  });
  const directory: Directory = useMemo(() => {
    const queues = (me.data?.agent.queues ?? []).map((q) => ({ id: q.queueId, name: q.queue.name }));
    return {
      queues,
      agents: (agents.data ?? [])
        .filter((a) => a.id !== agentId)
        .map((a) => ({ id: a.id, name: a.displayName })),
      queueName: (queueId) => queues.find((q) => q.id === queueId)?.name ?? null,
    };
  }, [me.data, agents.data, agentId]);

  // Ring while a call waits for this agent; stop the moment it is answered, taken or gone.
  const ringer = useRef<Ringer | null>(null);
  const ringingFor = mine.offered[0];
  const ringingDirect = direct.some((d) => !d.answered);
  useEffect(() => {
    ringer.current ??= new Ringer();
    if (ringingFor) ringer.current.start("Incoming call", ringingFor.from ?? "A caller is waiting");
    else if (ringingDirect) ringer.current.start("Incoming call", "A call is put through to you");
    else ringer.current.stop();
  }, [ringingFor, ringingDirect]);
  useEffect(() => () => ringer.current?.stop(), []);

  const answerHandle = useRef<(() => void) | null>(null);
  const activeHandle = useRef<ActiveCallHandle | null>(null);
  answerHandle.current = null;
  activeHandle.current = null;
  useDesktopShortcuts({
    answer: () => answerHandle.current?.(),
    hold: () => activeHandle.current?.toggleHold(),
    mute: () => activeHandle.current?.toggleMute(),
    hangUp: () => activeHandle.current?.hangUp(),
  });

  if (me.error)
    return (
      <main className="page desktop">
        <h1>Desktop</h1>
        <p className="notice">{errorMessage(me.error)}</p>
      </main>
    );
  const status = agentId ? feed.agents.get(agentId) : undefined;
  const state = status?.state ?? me.data?.agent.status.toLowerCase().replace("_", "-") ?? "offline";
  const refreshMe = () => void client.invalidateQueries({ queryKey: ["agents.me"] });
  const wrapUp = mine.toWrapUp[0];
  const activeLeg = mine.active ? phone.leg(mine.active.callId) : undefined;
  // What the agent's last hold, transfer or recording request came to, told by the feed (no polling).
  const outcome = feed.lastOutcome?.agentId === agentId ? feed.lastOutcome : null;
  return (
    <main className="page desktop" onClickCapture={askForNotifications}>
      <header className="desktop-bar">
        <h1>Desktop</h1>
        {me.data && (
          <StatusControl
            state={state}
            reason={status?.reason ?? null}
            since={status?.since ?? null}
            awayReasons={me.data.awayReasons}
            onChanged={refreshMe}
          />
        )}
        <span className="spacer" />
        <span className={`feed-state feed-${feed.connection}`} role="status">
          {feed.closedReason ?? FEED_WORDS[feed.connection]}
        </span>
        <span className="muted small">
          {phone.status.kind === "ready"
            ? "Browser phone ready"
            : phone.status.kind === "starting"
              ? "Starting the browser phone…"
              : `Browser phone off: ${phone.status.reason}`}
        </span>
      </header>
      <div className="desktop-body">
        <div className="desktop-main stack">
          {outcome && (
            <p className="notice control-outcome" role="status">
              {controlOutcomeWords(outcome)}
            </p>
          )}
          {mine.offered.map((call) => (
            <OfferedCall
              key={call.callId}
              call={call}
              phone={phone}
              directory={directory}
              onAnswered={refreshMe}
              handle={answerHandle}
            />
          ))}
          {direct.map((d) => (
            <DirectCall key={d.callId} direct={d} onAnswer={() => phone.answer(d.callId)} />
          ))}
          {mine.active && (
            <ActiveCall
              key={mine.active.callId}
              call={mine.active}
              phone={phone}
              directory={directory}
              handle={activeHandle}
              onLeft={() => setLeft(new Set([...left, mine.active!.callId]))}
            />
          )}
          {!mine.active && wrapUp && (
            <WrapUpPanel
              key={wrapUp.callId}
              call={wrapUp}
              onDone={() => {
                setWrapped(new Set([...wrapped, wrapUp.callId]));
                void client.invalidateQueries({ queryKey: ["desktop.history"] });
              }}
            />
          )}
          {mine.offered.length === 0 && direct.length === 0 && !mine.active && !wrapUp && (
            <p className="empty waiting">
              {state === "available"
                ? "Waiting for a call. It rings here, with what the caller told the flow."
                : "Set your status to Available to take calls."}
            </p>
          )}
          <HistoryPanel onPick={setNumber} />
        </div>
        <aside className="desktop-side stack">
          <DialPad
            phone={phone}
            number={number}
            onNumber={setNumber}
            sendDigits={activeLeg ? (digits) => activeLeg.sendDigits(digits) : null}
          />
          <ContactsPanel onPick={setNumber} />
          <p className="muted small shortcuts">
            Keys: <kbd>Alt+A</kbd> answer, <kbd>Alt+H</kbd> hold, <kbd>Alt+M</kbd> mute, <kbd>Alt+X</kbd> hang
            up.
          </p>
        </aside>
      </div>
    </main>
  );
}
