import { useQuery } from "@tanstack/react-query";
import { errorMessage, trpc } from "../api/trpc.ts";
import { NavLinkTo } from "../app/nav-link.tsx";
import { CallRecordings } from "../recordings/call-recordings.tsx";
import { SaveTestCase } from "../test-cases/save-test-case.tsx";
import { describeEvent, offset } from "./describe-event.ts";

/** One call, node by node: what the caller heard and did, requests the flow made, and where it ended. */
export function CallDetailPage({ callId }: { callId: string }) {
  const call = useQuery({
    queryKey: ["calls.get", callId],
    queryFn: () => trpc.calls.get.query({ callId }),
    refetchInterval: (query) => (query.state.data?.endedAt ? false : 3000),
  });
  if (call.isPending) return <p className="page muted">Loading the call…</p>;
  if (call.error)
    return (
      <p className="page error" role="alert">
        {errorMessage(call.error)}
      </p>
    );
  const c = call.data;
  return (
    <main className="page call-detail">
      <NavLinkTo to="/calls">← Calls</NavLinkTo>
      <h1>
        {c.fromNumber} → {c.toNumber}
      </h1>
      <p className="muted">
        {new Date(c.startedAt).toLocaleString()} · {c.flow?.name ?? "no flow"}
        {c.flowVersion ? ` v${c.flowVersion.number}` : ""} · {c.outcome ?? c.status.toLowerCase()}
        {c.durationSeconds !== null ? ` · ${c.durationSeconds} s` : ""}
      </p>
      {c.errorMessage && (
        <p className="error" role="alert">
          {c.errorMessage}
        </p>
      )}
      <CallRecordings callId={callId} />
      {c.flow && c.endedAt && (
        <section className="call-test-case" aria-label="Test case">
          <h2>Keep this call as a test case of “{c.flow.name}”</h2>
          <SaveTestCase flowId={c.flow.id} callId={c.id} />
        </section>
      )}
      <ol className="timeline" aria-label="Call timeline">
        {c.events.map((event) => (
          <li key={event.seq} className={`timeline-${event.type.replace(".", "-")}`}>
            <span className="muted small">{offset(event.at, c.startedAt)}</span>
            {event.nodeId && <code>{event.nodeId}</code>}
            <span>{describeEvent(event)}</span>
          </li>
        ))}
      </ol>
    </main>
  );
}
