import { useQuery } from "@tanstack/react-query";
import { callEndStatusSchema } from "@ringflow/flow-schema";
import { errorMessage, trpc } from "../api/trpc.ts";
import { NavLinkTo } from "../app/nav-link.tsx";
import { CallRecordings } from "../recordings/call-recordings.tsx";
import { callProviderLabel } from "./call-provider.ts";
import { SaveTestCase } from "../test-cases/save-test-case.tsx";
import { TimelinePlayer } from "./timeline-player.tsx";
import { callTimeline, describeOutcome, flowVersionLink, offset } from "./describe-event.ts";

type CallDetail = Awaited<ReturnType<typeof trpc.calls.get.query>>;

/** How long after a call ends its page keeps asking for log rows the log writer has not written yet. */
const LATE_ROWS_MS = 60_000;

/**
 * A live call changes; an ended one may still be missing its last rows (the log is written in the background,
 * its final status row last), so its page asks again until that row is in, for a minute at most.
 */
function logStillComing(c: CallDetail | undefined): boolean {
  if (!c) return false;
  if (!c.endedAt) return true;
  const complete = c.events.some(
    (e) =>
      e.type === "call.status" &&
      callEndStatusSchema.safeParse((e.data as { status?: unknown }).status).success,
  );
  return !complete && Date.now() - new Date(c.endedAt).getTime() < LATE_ROWS_MS;
}

/** One call, node by node: what the caller heard and did, requests the flow made, and where it ended. */
export function CallDetailPage({ callId }: { callId: string }) {
  const call = useQuery({
    queryKey: ["calls.get", callId],
    queryFn: () => trpc.calls.get.query({ callId }),
    refetchInterval: (query) => (logStillComing(query.state.data) ? 3000 : false),
  });
  if (call.isPending) return <p className="page muted">Loading the call…</p>;
  if (call.error)
    return (
      <p className="page error" role="alert">
        {errorMessage(call.error)}
      </p>
    );
  const c = call.data;
  const timeline = callTimeline(c);
  const recorded = c.recordings.length > 0;
  return (
    <main className="page call-detail">
      <NavLinkTo to="/calls">← Calls</NavLinkTo>
      <h1>
        {c.fromNumber} → {c.toNumber}
      </h1>
      <p className="muted">
        {callProviderLabel(c)} · {new Date(c.startedAt).toLocaleString()}
        {c.durationSeconds !== null ? ` · ${c.durationSeconds} s` : ""}
      </p>
      <p className="call-outcome">
        <strong>{describeOutcome(c)}</strong>
      </p>
      <p className="call-links">
        {c.flow ? (
          <NavLinkTo to={flowVersionLink(c.flow.id, c.flowVersion?.number)}>
            Flow “{c.flow.name}”{c.flowVersion ? `, version ${c.flowVersion.number}` : ""}
          </NavLinkTo>
        ) : (
          <span className="muted">No flow answered this call.</span>
        )}
        {recorded && (
          <>
            {" · "}
            <a href="#call-recordings">
              {c.recordings.length === 1 ? "The recording" : `${c.recordings.length} recordings`}
            </a>
          </>
        )}
      </p>
      {c.errorMessage && (
        <p className="error" role="alert">
          {c.errorMessage}
        </p>
      )}
      <div id="call-recordings">
        <CallRecordings callId={callId} />
      </div>
      {c.flow && c.endedAt && (
        <section className="call-test-case" aria-label="Test case">
          <h2>Keep this call as a test case of “{c.flow.name}”</h2>
          <SaveTestCase flowId={c.flow.id} callId={c.id} />
        </section>
      )}
      <ol className="timeline" aria-label="Call timeline">
        {timeline.map((line) => (
          <li key={line.seq}>
            <span className="muted small">{offset(line.at, c.startedAt)}</span> <span>{line.text}</span>
            {line.recordingId && <TimelinePlayer callId={c.id} recordingId={line.recordingId} />}
          </li>
        ))}
      </ol>
    </main>
  );
}
