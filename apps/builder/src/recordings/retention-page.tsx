import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";
import { NavLinkTo } from "../app/nav-link.tsx";
import { CopyAlertsBanner } from "./copy-alerts.tsx";
import { FlowDaysForm, WorkspaceRuleForm } from "./retention-rules.tsx";
import "../reports/reports.css";
import "./recordings.css";

type Retention = RouterOutputs["recordings"]["retention"];
type Soon = Retention["soonest"][number];

const HORIZON_DAYS = 60;

/** A local day ("2026-12-03") in words: "Thursday 3 December" (the year only when it is not this one). */
export function dayInWords(day: string, today = new Date()): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const words = (options: Intl.DateTimeFormatOptions) =>
    date.toLocaleDateString("en-GB", { ...options, timeZone: "UTC" });
  const year = y !== today.getFullYear() ? ` ${y}` : "";
  return `${words({ weekday: "long" })} ${words({ day: "numeric", month: "long" })}${year}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return "";
}

const shortDate = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

const what = (r: Pick<Soon, "kind" | "mailbox">) =>
  r.kind === "voicemail" ? `Voicemail${r.mailbox ? ` for ${r.mailbox}` : ""}` : "Call recording";

/**
 * For admins: how long recordings are kept (the workspace's rule, each flow's own), what the daily clean-up
 * deletes on each coming day, the recordings deleted soonest, and the calls kept on legal hold.
 */
export function RetentionPage() {
  const retention = useQuery({
    queryKey: ["recordings.retention"],
    queryFn: () => trpc.recordings.retention.query({ days: HORIZON_DAYS }),
  });
  if (retention.error)
    return (
      <main className="page">
        <h1>Recordings kept</h1>
        <p className="error" role="alert">
          {errorMessage(retention.error)}
        </p>
      </main>
    );
  if (!retention.data)
    return (
      <main className="page">
        <h1>Recordings kept</h1>
        <p className="muted">Loading…</p>
      </main>
    );
  const r = retention.data;
  return (
    <main className="page retention-page">
      <h1>Recordings kept</h1>
      <CopyAlertsBanner />
      <Rules retention={r} />
      <Upcoming retention={r} />
      <FlowRules retention={r} />
      <Soonest retention={r} />
      <LegalHolds retention={r} />
    </main>
  );
}

function Rules({ retention: r }: { retention: Retention }) {
  const [changing, setChanging] = useState(false);
  return (
    <section aria-label="How long recordings are kept" className="retention-rules">
      <p>
        Recordings and voicemails are kept for <strong>{plural(r.workspace.days, "day")}</strong> after the
        call, unless the call's flow has its own rule (below). Then the audio and its transcript are deleted
        {r.workspace.purgesCallDetails
          ? ", and so are what the caller entered and the call's step details"
          : ""}
        ; the call itself stays in the call list.
      </p>
      <p className="muted small">
        The clean-up runs once a day; dates are in your workspace's time zone ({r.timeZone}).
        {r.workspace.deletesAtProvider
          ? " The phone provider's copy is deleted as soon as Ringflow holds the audio."
          : " The phone provider keeps its own copy until you delete it there."}{" "}
        {!changing && (
          <button type="button" className="link" onClick={() => setChanging(true)}>
            Change the rule
          </button>
        )}
      </p>
      {changing && <WorkspaceRuleForm rule={r.workspace} onDone={() => setChanging(false)} />}
    </section>
  );
}

function Upcoming({ retention: r }: { retention: Retention }) {
  return (
    <section aria-labelledby="retention-upcoming" className="retention-block">
      <h2 id="retention-upcoming">Coming deletions</h2>
      {r.upcoming.length === 0 ? (
        <p>Nothing will be deleted in the next {HORIZON_DAYS} days.</p>
      ) : (
        <ul className="plain retention-days">
          {r.upcoming.map((d) => (
            <li key={d.day}>
              <strong>{plural(d.recordings, "recording")}</strong> will be deleted on{" "}
              <strong>{dayInWords(d.day)}</strong>
              {d.calls !== d.recordings ? ` (from ${plural(d.calls, "call")})` : ""}
              {size(d.bytes) ? `, ${size(d.bytes)}` : ""}.
            </li>
          ))}
        </ul>
      )}
      {r.notCopiedYet > 0 && (
        <p className="muted small">
          {plural(r.notCopiedYet, "recording is", "recordings are")} still being copied into Ringflow; their
          date is set once they are.
        </p>
      )}
      <p className="muted small">
        {r.deletedLast30Days === 0
          ? "Nothing was deleted in the last 30 days."
          : `${plural(r.deletedLast30Days, "recording was", "recordings were")} deleted in the last 30 days.`}
      </p>
    </section>
  );
}

function FlowRules({ retention: r }: { retention: Retention }) {
  const [changing, setChanging] = useState<string | null>(null);
  if (!r.flows.length) return null;
  return (
    <section aria-labelledby="retention-flows" className="retention-block">
      <h2 id="retention-flows">Each flow</h2>
      <table className="report-table">
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">Kept for</th>
            <th scope="col">Recordings kept</th>
            <th scope="col">Next deletion</th>
            <th scope="col">
              <span className="visually-hidden">Change</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {r.flows.map((f) => [
            <tr key={f.flowId}>
              <th scope="row">{f.name}</th>
              <td>
                {plural(f.days, "day")}{" "}
                <span className="muted">
                  {f.ownDays === null ? "(the workspace's rule)" : "(this flow's own rule)"}
                </span>
              </td>
              <td>{f.recordings}</td>
              <td>{f.nextDeletionDay ? dayInWords(f.nextDeletionDay) : "–"}</td>
              <td>
                <button type="button" className="link" onClick={() => setChanging(f.flowId)}>
                  Change<span className="visually-hidden"> {f.name}'s rule</span>
                </button>
              </td>
            </tr>,
            changing === f.flowId && (
              <tr key={`${f.flowId}-change`}>
                <td colSpan={5}>
                  <FlowDaysForm flow={f} workspaceDays={r.workspace.days} onDone={() => setChanging(null)} />
                </td>
              </tr>
            ),
          ])}
        </tbody>
      </table>
    </section>
  );
}

function Soonest({ retention: r }: { retention: Retention }) {
  const [holding, setHolding] = useState<Soon | null>(null);
  return (
    <section aria-labelledby="retention-soonest" className="retention-block">
      <h2 id="retention-soonest">Deleted soonest</h2>
      {r.soonest.length === 0 ? (
        <p className="muted">No recording is waiting to be deleted.</p>
      ) : (
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">Deleted on</th>
              <th scope="col">Recording</th>
              <th scope="col">Call</th>
              <th scope="col">Why then</th>
              <th scope="col">
                <span className="visually-hidden">Keep</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {r.soonest.map((s) => (
              <tr key={s.recordingId}>
                <td>{s.deletesOn ? dayInWords(s.deletesOn) : "–"}</td>
                <td>{what(s)}</td>
                <td>
                  <NavLinkTo to={`/calls/${s.callId}`}>
                    {s.fromNumber} on {shortDate(s.callStartedAt)}
                  </NavLinkTo>
                </td>
                <td>{s.rule === "flow" ? `${s.flowName}'s own rule` : "The workspace's rule"}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => setHolding(s)}
                    aria-label={`Keep this call (${s.fromNumber} on ${shortDate(s.callStartedAt)})`}
                  >
                    Keep this call
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {holding && <HoldForm recording={holding} onDone={() => setHolding(null)} />}
    </section>
  );
}

/** Legal hold asks why: whoever releases the call later reads it. */
function HoldForm({ recording, onDone }: { recording: Soon; onDone(): void }) {
  const id = useId();
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const hold = useMutation({
    mutationFn: () =>
      trpc.recordings.setLegalHold.mutate({ callId: recording.callId, hold: true, reason: reason.trim() }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ["recordings.retention"] });
      onDone();
    },
  });
  return (
    <form
      className="hold-form stack"
      aria-label="Keep a call"
      onSubmit={(e) => {
        e.preventDefault();
        hold.mutate();
      }}
    >
      <p>
        Keep the call from {recording.fromNumber} on {shortDate(recording.callStartedAt)}: nothing of it
        (recordings, transcripts, what the caller entered) is deleted until you release it.
      </p>
      <label htmlFor={`${id}-reason`} className="field-label">
        Why it is kept
      </label>
      <input
        id={`${id}-reason`}
        value={reason}
        placeholder="A case number, a request"
        onChange={(e) => setReason(e.target.value)}
        autoFocus
      />
      {hold.error && (
        <p className="error small" role="alert">
          {errorMessage(hold.error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={!reason.trim() || hold.isPending}>
          Keep it
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function LegalHolds({ retention: r }: { retention: Retention }) {
  const client = useQueryClient();
  const release = useMutation({
    mutationFn: (callId: string) => trpc.recordings.setLegalHold.mutate({ callId, hold: false }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["recordings.retention"] }),
  });
  return (
    <section aria-labelledby="retention-holds" className="retention-block">
      <h2 id="retention-holds">Kept on legal hold</h2>
      <p className="muted small">Nothing of these calls is deleted while they are kept.</p>
      {r.legalHolds.length === 0 ? (
        <p className="muted">No call is kept on legal hold.</p>
      ) : (
        <ul className="plain stack">
          {r.legalHolds.map((c) => (
            <li key={c.callId} className="legal-hold">
              <NavLinkTo to={`/calls/${c.callId}`}>
                Call from {c.fromNumber} on {shortDate(c.callStartedAt)}
              </NavLinkTo>{" "}
              ({plural(c.recordings, "recording")}), kept since {shortDate(c.heldSince)}
              {c.reason ? `: ${c.reason}` : ""}.{" "}
              <button
                type="button"
                onClick={() => release.mutate(c.callId)}
                disabled={release.isPending}
                aria-label={`Release the call from ${c.fromNumber}`}
              >
                Release
              </button>
            </li>
          ))}
        </ul>
      )}
      {release.error && (
        <p className="error small" role="alert">
          {errorMessage(release.error)}
        </p>
      )}
    </section>
  );
}
