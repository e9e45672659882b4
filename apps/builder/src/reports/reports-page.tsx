import { useMutation, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useMemo, useState, type ReactNode } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import { lastDays, percent } from "../insights/date-range.ts";
import { DayRangeInputs } from "../insights/day-range-inputs.tsx";
import { DayChart } from "./day-chart.tsx";
import { downloadCsv } from "./download-csv.ts";
import { TimeZoneSetting } from "./time-zone-setting.tsx";
import "./reports.css";

const seconds = (s: number | null) =>
  s === null ? "–" : s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s} s`;

function Section(props: {
  title: string;
  onCsv: () => Promise<{ filename: string; csv: string }>;
  children: ReactNode;
}) {
  const csv = useMutation({ mutationFn: props.onCsv, onSuccess: downloadCsv });
  return (
    <section className="report" aria-label={props.title}>
      <header>
        <h2>{props.title}</h2>
        <button type="button" onClick={() => csv.mutate()} disabled={csv.isPending}>
          <Download size={14} /> CSV
        </button>
      </header>
      {csv.error && <p className="error">{errorMessage(csv.error)}</p>}
      {props.children}
    </section>
  );
}

/**
 * Reports: volume over time, a flow's funnel, queue service level and agent performance for a range of days,
 * filtered by flow, number, queue and agent, each exportable as CSV. The queue numbers use the wallboard's
 * definitions; supervisors see the contact-center parts.
 */
export function ReportsPage({ permissions }: { permissions: readonly string[] }) {
  const [range, setRange] = useState(() => lastDays(14));
  const [flowId, setFlowId] = useState("");
  const [numberId, setNumberId] = useState("");
  const [queueId, setQueueId] = useState("");
  const [agentId, setAgentId] = useState("");
  const contactCenter = permissions.includes("wallboard.view");
  const flows = useQuery({ queryKey: ["flows.list"], queryFn: () => trpc.flows.list.query() });
  const numbers = useQuery({ queryKey: ["numbers.list"], queryFn: () => trpc.numbers.list.query() });
  const flowFilter = { ...range, ...(flowId ? { flowId } : {}), ...(numberId ? { numberId } : {}) };
  const volume = useQuery({
    queryKey: ["analytics.volume", flowFilter],
    queryFn: () => trpc.analytics.volume.query(flowFilter),
  });
  const funnel = useQuery({
    queryKey: ["analytics.funnel", range, flowId],
    queryFn: () => trpc.analytics.funnel.query({ ...range, flowId }),
    enabled: !!flowId,
  });
  const queueFilter = { ...range, ...(queueId ? { queueId } : {}) };
  const queues = useQuery({
    queryKey: ["analytics.queueReport", queueFilter],
    queryFn: () => trpc.analytics.queueReport.query(queueFilter),
    enabled: contactCenter,
  });
  const allQueues = useQuery({
    queryKey: ["analytics.queueReport", range],
    queryFn: () => trpc.analytics.queueReport.query(range),
    enabled: contactCenter,
  });
  const agentFilter = { ...range, ...(agentId ? { agentId } : {}) };
  const agents = useQuery({
    queryKey: ["analytics.agentReport", agentFilter],
    queryFn: () => trpc.analytics.agentReport.query(agentFilter),
    enabled: contactCenter,
  });
  const allAgents = useQuery({
    queryKey: ["analytics.agentReport", range],
    queryFn: () => trpc.analytics.agentReport.query(range),
    enabled: contactCenter,
  });
  const volumeSeries = useMemo(
    () => [
      { label: "Calls", values: (volume.data?.series ?? []).map((d) => d.calls), color: "#2563eb" },
      {
        label: "Caller hung up",
        values: (volume.data?.series ?? []).map((d) => d.callerHungUp),
        color: "#dc2626",
      },
    ],
    [volume.data],
  );
  const slSeries = useMemo(
    () => [
      {
        label: "Service level",
        values: (queues.data?.series ?? []).map((d) => d.serviceLevel),
        color: "#059669",
      },
    ],
    [queues.data],
  );
  const days = useMemo(() => (volume.data?.series ?? []).map((d) => d.day), [volume.data]);
  const slDays = useMemo(() => (queues.data?.series ?? []).map((d) => d.day), [queues.data]);
  const t = queues.data?.totals;
  return (
    <main className="page reports-page">
      <h1>Reports</h1>
      <form className="report-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <DayRangeInputs range={range} onChange={setRange} />
        <label>
          Flow
          <select value={flowId} onChange={(e) => setFlowId(e.target.value)}>
            <option value="">All flows</option>
            {(flows.data ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Number
          <select value={numberId} onChange={(e) => setNumberId(e.target.value)}>
            <option value="">All numbers</option>
            {(numbers.data ?? []).map((n) => (
              <option key={n.id} value={n.id}>
                {n.e164}
              </option>
            ))}
          </select>
        </label>
        {contactCenter && (
          <>
            <label>
              Queue
              <select value={queueId} onChange={(e) => setQueueId(e.target.value)}>
                <option value="">All queues</option>
                {(allQueues.data?.queues ?? []).map((q) => (
                  <option key={q.queueId} value={q.queueId}>
                    {q.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Agent
              <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
                <option value="">All agents</option>
                {(allAgents.data?.agents ?? []).map((a) => (
                  <option key={a.agentId} value={a.agentId}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </form>
      {permissions.includes("providers.manage") && <TimeZoneSetting />}

      <Section
        title="Volume over time"
        onCsv={() => trpc.analytics.flowCsv.query({ report: "volume", ...flowFilter })}
      >
        {volume.error && <p className="error">{errorMessage(volume.error)}</p>}
        <p>
          <strong>{volume.data?.total ?? 0}</strong> calls{" "}
          <span className="muted small">
            (days in {volume.data?.timeZone ?? "…"}; test calls not counted)
          </span>
        </p>
        {days.length > 0 && <DayChart label="Calls per day" days={days} series={volumeSeries} bars />}
      </Section>

      <Section
        title="Funnel"
        onCsv={() => trpc.analytics.flowCsv.query({ report: "funnel", ...range, flowId })}
      >
        {!flowId ? (
          <p className="muted">Choose a flow to see how far its callers get.</p>
        ) : funnel.error ? (
          <p className="error">{errorMessage(funnel.error)}</p>
        ) : (
          <>
            {(funnel.data?.dropOffs ?? []).map((d) => (
              <p key={d.nodeId} className="drop-off">
                {d.sentence}
              </p>
            ))}
            <ol className="funnel">
              {(funnel.data?.steps ?? []).map((s) => (
                <li key={s.nodeId}>
                  <span className="funnel-name">{s.name}</span>
                  <span className="funnel-bar" style={{ width: `${Math.round((s.share ?? 0) * 100)}%` }} />
                  <span className="funnel-count">
                    {s.entered} ({percent(s.share)})
                  </span>
                </li>
              ))}
            </ol>
          </>
        )}
      </Section>

      {contactCenter && (
        <Section
          title="Queue service level"
          onCsv={() => trpc.analytics.contactCenterCsv.query({ report: "queues", ...queueFilter })}
        >
          {t && (
            <dl className="kpis">
              <div>
                <dt>Calls</dt>
                <dd>{t.offered}</dd>
              </div>
              <div>
                <dt>Answered</dt>
                <dd>{t.answered}</dd>
              </div>
              <div>
                <dt>Abandoned</dt>
                <dd>{t.abandoned}</dd>
              </div>
              <div>
                <dt>Average wait</dt>
                <dd>{seconds(t.averageSpeedOfAnswerSeconds)}</dd>
              </div>
              <div>
                <dt>Average duration</dt>
                <dd>{seconds(t.averageHandleSeconds)}</dd>
              </div>
              <div>
                <dt>Service level</dt>
                <dd>{percent(t.serviceLevel)}</dd>
              </div>
            </dl>
          )}
          {slDays.length > 0 && (
            <DayChart label="Service level per day" days={slDays} series={slSeries} percent />
          )}
          <table className="report-table">
            <thead>
              <tr>
                <th>Queue</th>
                <th>Calls</th>
                <th>Answered</th>
                <th>Abandoned</th>
                <th>Service level</th>
                <th>Average wait</th>
                <th>Handle</th>
                <th>Wrap-up</th>
                <th>Hold</th>
                <th>Callbacks</th>
              </tr>
            </thead>
            <tbody>
              {(queues.data?.queues ?? []).map((q) => (
                <tr key={q.queueId}>
                  <th scope="row">{q.name}</th>
                  <td>{q.offered}</td>
                  <td>{q.answered}</td>
                  <td>{q.abandoned}</td>
                  <td title={`answered within ${q.thresholdSeconds} s`}>{percent(q.serviceLevel)}</td>
                  <td>{seconds(q.averageSpeedOfAnswerSeconds)}</td>
                  <td>{seconds(q.averageHandleSeconds)}</td>
                  <td>{seconds(q.averageWrapUpSeconds)}</td>
                  <td>{seconds(q.averageHoldSeconds)}</td>
                  <td>{q.callbacks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}

      {contactCenter && (
        <Section
          title="Agent performance"
          onCsv={() => trpc.analytics.contactCenterCsv.query({ report: "agents", ...agentFilter })}
        >
          <table className="report-table">
            <thead>
              <tr>
                <th>Agent</th>
                <th>Calls handled</th>
                <th>Average duration</th>
                <th>Average wrap-up</th>
                <th>Average hold</th>
                <th>Availability</th>
                <th>Calls by disposition</th>
              </tr>
            </thead>
            <tbody>
              {(agents.data?.agents ?? []).map((a) => (
                <tr key={a.agentId}>
                  <th scope="row">{a.name}</th>
                  <td>{a.handled}</td>
                  <td>{seconds(a.averageHandleSeconds)}</td>
                  <td>{seconds(a.averageWrapUpSeconds)}</td>
                  <td>{seconds(a.averageHoldSeconds)}</td>
                  <td>{percent(a.availability)}</td>
                  <td>
                    {Object.entries(a.dispositions)
                      .map(([d, n]) => `${d}: ${n}`)
                      .join(", ") || "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
    </main>
  );
}
