import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import { NavLinkTo } from "../app/nav-link.tsx";
import { TranscriptMatch, TranscriptSearch } from "../recordings/transcript-search.tsx";
import { VoicemailTranscripts } from "../recordings/voicemail-transcripts.tsx";
import { CallFiltersForm } from "./call-filters-form.tsx";
import { callProviderLabel } from "./call-provider.ts";
import { emptyFilters, filtersToQuery } from "./call-filters.ts";
import { describeOutcome, flowVersionLink } from "./describe-event.ts";

const duration = (seconds: number | null) =>
  seconds === null ? "–" : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/** The execution log: every call the workspace's flows answered, newest first. */
export function CallsPage() {
  const [search, setSearch] = useState<string | undefined>();
  const [filters, setFilters] = useState(emptyFilters);
  const query = filtersToQuery(filters);
  const filtered = Object.keys(query).length > 0;
  const calls = useInfiniteQuery({
    queryKey: ["calls.list", search, query],
    queryFn: ({ pageParam }) =>
      trpc.calls.list.query({
        ...query,
        limit: 50,
        ...(pageParam ? { cursor: pageParam } : {}),
        ...(search ? { search } : {}),
      }),
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: 5000,
  });
  const rows = calls.data?.pages.flatMap((page) => page.calls) ?? [];
  return (
    <main className="page">
      <h1>Calls</h1>
      <p className="muted">Every call your flows answered: open one to follow it block by block.</p>
      <CallFiltersForm value={filters} onChange={setFilters} />
      <TranscriptSearch onSearch={setSearch} />
      {calls.error && (
        <p className="error" role="alert">
          {errorMessage(calls.error)}
        </p>
      )}
      {calls.isSuccess && rows.length === 0 && (
        <p className="empty">
          {search
            ? `No call's transcript has "${search}"${filtered ? " among the calls these filters show" : ""}.`
            : filtered
              ? "No call matches these filters."
              : "No calls yet. Bind a number to a published flow and call it."}
        </p>
      )}
      {rows.length > 0 && (
        <table className="flows-table">
          <thead>
            <tr>
              <th>Started</th>
              <th>Caller</th>
              <th>Number</th>
              <th>Through</th>
              <th>Flow</th>
              <th>Outcome</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((call) => (
              <tr key={call.id}>
                <td>
                  <NavLinkTo to={`/calls/${call.id}`}>{new Date(call.startedAt).toLocaleString()}</NavLinkTo>
                </td>
                <td>{call.fromNumber}</td>
                <td>{call.toNumber}</td>
                <td>{callProviderLabel(call)}</td>
                <td>
                  {call.flow ? (
                    <NavLinkTo to={flowVersionLink(call.flow.id, call.flowVersion?.number)}>
                      {call.flow.name}
                      {call.flowVersion ? `, version ${call.flowVersion.number}` : ""}
                    </NavLinkTo>
                  ) : (
                    "–"
                  )}
                </td>
                <td>
                  {describeOutcome(call)}
                  <VoicemailTranscripts voicemails={call.voicemails} />
                  <TranscriptMatch excerpt={call.transcriptMatch} />
                </td>
                <td>{duration(call.durationSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {calls.hasNextPage && (
        <button type="button" onClick={() => void calls.fetchNextPage()} disabled={calls.isFetchingNextPage}>
          Older calls
        </button>
      )}
    </main>
  );
}
