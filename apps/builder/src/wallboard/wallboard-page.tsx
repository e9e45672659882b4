import type { MonitorMode } from "@ringflow/flow-schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import { elapsedText, useNow } from "../desktop/call-timer.tsx";
import { useLiveFeed } from "../desktop/live-feed.ts";
import { agentStateWords } from "../queues/agent-state-words.ts";
import { ListeningBar, MONITOR_WORDS, useListening, type ListeningState } from "./listening.tsx";
import { queueAlerts, waitingCallbacks, wallboardRows, type AgentRow } from "./wallboard-view.ts";
import "../desktop/desktop.css";
import "./wallboard.css";

const percent = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)}%`);

function AgentActions({
  agent,
  reasons,
  listening,
}: {
  agent: AgentRow;
  reasons: string[];
  listening: ListeningState;
}) {
  const client = useQueryClient();
  const { monitor } = listening;
  const setState = useMutation({
    mutationFn: (value: string) =>
      trpc.agents.setState.mutate({
        agentId: agent.agentId,
        choice:
          value === "available"
            ? { state: "available" }
            : value === "offline"
              ? { state: "offline" }
              : { state: "away", reason: value },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["queues.wallboard"] }),
  });
  const mine = monitor.variables?.callId === agent.call?.callId;
  const error = (mine ? monitor.error : null) ?? setState.error;
  const busy = agent.state === "ringing" || agent.state === "on-call";
  return (
    <div className="row wrap agent-actions">
      {agent.call &&
        (Object.keys(MONITOR_WORDS) as MonitorMode[]).map((mode) => (
          <button
            key={mode}
            type="button"
            disabled={monitor.isPending}
            aria-label={`${MONITOR_WORDS[mode]}: ${agent.name}`}
            onClick={() => monitor.mutate({ callId: agent.call!.callId, agent: agent.name, mode })}
          >
            {MONITOR_WORDS[mode]}
          </button>
        ))}
      <select
        aria-label={`Change ${agent.name}'s status`}
        value=""
        disabled={busy || setState.isPending}
        onChange={(e) => e.target.value && setState.mutate(e.target.value)}
      >
        <option value="">Set status…</option>
        <option value="available">Available</option>
        {reasons.map((r) => (
          <option key={r} value={r}>
            Away: {r}
          </option>
        ))}
        <option value="offline">Signed out</option>
      </select>
      {error && (
        <p className="error small" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}

/** Supervisors, live: every queue against its goals, every agent and their call, alerts and actions. */
export function WallboardPage({ permissions }: { permissions: readonly string[] }) {
  const id = useId();
  const listening = useListening(permissions.includes("desktop.use"));
  const client = useQueryClient();
  const feed = useLiveFeed();
  const now = useNow();
  const [target, setTarget] = useState(80);
  const board = useQuery({
    queryKey: ["queues.wallboard"],
    queryFn: () => trpc.queues.wallboard.query(),
    refetchInterval: 15_000,
  });
  const reasons = useQuery({
    queryKey: ["agents.me"],
    queryFn: () => trpc.agents.me.query(),
    retry: false,
  });
  // Today's counts (answered, abandoned, service level) change when a call is answered or ends.
  const last = feed.lastEvent;
  useEffect(() => {
    if (!last) return;
    const timer = setTimeout(() => void client.invalidateQueries({ queryKey: ["queues.wallboard"] }), 300);
    return () => clearTimeout(timer);
  }, [last, client]);
  if (board.error)
    return (
      <main className="page wallboard">
        <h1>Wallboard</h1>
        <p className="error" role="alert">
          {errorMessage(board.error)}
        </p>
      </main>
    );
  if (!board.data) return <p className="page muted">Loading…</p>;
  const rows = wallboardRows(board.data, feed);
  const alerts = queueAlerts(rows.queues, now, target / 100);
  const callbacks = waitingCallbacks(feed);
  const queueName = (queueId: string | null) => rows.queues.find((q) => q.queueId === queueId)?.name ?? "";
  const awayReasons = reasons.data?.awayReasons ?? ["Break"];
  return (
    <main className="page wallboard">
      <header className="desktop-bar">
        <h1>Wallboard</h1>
        <span className={`feed-state feed-${feed.connection}`} role="status">
          {feed.connection === "live"
            ? "Live"
            : feed.connection === "closed"
              ? "Disconnected"
              : "Connecting…"}
        </span>
        <span className="spacer" />
        <label htmlFor={`${id}-target`} className="small">
          Service level target (%)
        </label>
        <input
          id={`${id}-target`}
          type="number"
          className="narrow"
          min={1}
          max={100}
          value={target}
          onChange={(e) => setTarget(Math.min(100, Math.max(1, Number(e.target.value) || 80)))}
        />
      </header>
      <ListeningBar state={listening} />
      <section aria-label="Alerts" className="alerts">
        {alerts.length === 0 ? (
          <p className="ok small">Every queue is within its goals.</p>
        ) : (
          <ul className="plain stack" role="alert">
            {alerts.map((a) => (
              <li key={a.text} className={`alert alert-${a.severity}`}>
                {a.text}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby={`${id}-queues`}>
        <h2 id={`${id}-queues`}>Queues</h2>
        <p className="small muted">
          Today counts from midnight in the workspace's time zone ({board.data.timeZone}).
        </p>
        <table className="flows-table wallboard-table">
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Waiting</th>
              <th scope="col">Longest wait</th>
              <th scope="col">Agents free</th>
              <th scope="col">Answered today</th>
              <th scope="col">Hung up waiting</th>
              <th scope="col">Answered in time</th>
            </tr>
          </thead>
          <tbody>
            {rows.queues.map((q) => {
              const late = q.serviceLevel !== null && q.serviceLevel < target / 100;
              return (
                <tr key={q.queueId} data-queue={q.name}>
                  <th scope="row">{q.name}</th>
                  <td className="big">{q.waiting}</td>
                  <td>{q.oldestSince === null ? "–" : elapsedText(q.oldestSince, now)}</td>
                  <td>{q.availableAgents}</td>
                  <td>{q.answered}</td>
                  <td>{q.abandoned}</td>
                  <td className={late ? "below" : undefined}>
                    {percent(q.serviceLevel)}{" "}
                    <span className="muted small">within {q.thresholdSeconds} s</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.queues.length === 0 && <p className="empty">No queues yet.</p>}
      </section>
      {callbacks.length > 0 && (
        <section aria-labelledby={`${id}-callbacks`}>
          <h2 id={`${id}-callbacks`}>Waiting for a callback</h2>
          <table className="flows-table wallboard-table">
            <thead>
              <tr>
                <th scope="col">Call back on</th>
                <th scope="col">Queue</th>
                <th scope="col">Waiting</th>
              </tr>
            </thead>
            <tbody>
              {callbacks.map((c) => (
                <tr key={c.callId} data-callback={c.number}>
                  <th scope="row">{c.number}</th>
                  <td>{queueName(c.queueId) || "–"}</td>
                  <td>
                    {c.since === null ? "–" : elapsedText(c.since, now)}
                    {c.ringing && <span className="muted small"> · ringing an agent</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section aria-labelledby={`${id}-agents`}>
        <h2 id={`${id}-agents`}>Agents</h2>
        <table className="flows-table wallboard-table">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Status</th>
              <th scope="col">For</th>
              <th scope="col">Call</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.agents.map((agent) => (
              <tr key={agent.agentId} data-agent={agent.name}>
                <th scope="row">{agent.name}</th>
                <td>
                  <span className={`state-dot state-${agent.state}`} aria-hidden="true" />{" "}
                  {agentStateWords(agent.state)}
                  {agent.reason && (
                    <span className="muted small">
                      {" "}
                      ({agent.reason === "no-answer" ? "missed a call" : agent.reason})
                    </span>
                  )}
                </td>
                <td>{elapsedText(agent.since, now)}</td>
                <td>
                  {agent.call
                    ? `${agent.call.from ?? "A caller"}${queueName(agent.call.queueId) ? ` · ${queueName(agent.call.queueId)}` : ""}`
                    : agent.queueId && agent.state !== "available"
                      ? queueName(agent.queueId)
                      : "–"}
                </td>
                <td>
                  <AgentActions agent={agent} reasons={awayReasons} listening={listening} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.agents.length === 0 && <p className="empty">No agents yet.</p>}
      </section>
    </main>
  );
}
