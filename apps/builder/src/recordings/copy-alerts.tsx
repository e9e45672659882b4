import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";
import { NavLinkTo } from "../app/nav-link.tsx";
import "./recordings.css";

type CopyAlert = RouterOutputs["recordings"]["copyAlerts"][number];

/** Asked again every minute: a copy gives up after its last retry, while an admin has the page open. */
const REFRESH_MS = 60_000;
export const COPY_ALERTS_KEY = ["recordings.copyAlerts"] as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });

/**
 * What an admin reads about recordings that could not be copied: one headline, then each recording (newest
 * failure first) with why, when and after how many tries, and its call. Null when there is nothing to say.
 */
export function copyAlertView(alerts: readonly CopyAlert[]) {
  if (!alerts.length) return null;
  const voicemails = alerts.filter((a) => a.kind === "voicemail").length;
  const kinds =
    voicemails === 0
      ? plural(alerts.length, "recording")
      : voicemails === alerts.length
        ? plural(alerts.length, "voicemail")
        : `${plural(alerts.length, "recording")} (${plural(voicemails, "voicemail")})`;
  return {
    count: alerts.length,
    headline: `${kinds} could not be copied into Ringflow. ${
      alerts.length === 1 ? "It stays" : "They stay"
    } only at the phone provider, which keeps ${alerts.length === 1 ? "it" : "them"}: nothing is deleted there.`,
    rows: [...alerts]
      .sort((a, b) => (b.copyFailedAt ?? "").localeCompare(a.copyFailedAt ?? ""))
      .map((a) => ({
        id: a.id,
        callPath: `/calls/${a.callId}`,
        what: a.kind === "voicemail" ? "Voicemail" : "Call recording",
        reason: a.copyError ?? "The recording could not be copied or stored.",
        failed: `${a.copyFailedAt ? `gave up ${when(a.copyFailedAt)}` : "gave up"} after ${plural(
          a.copyAttempts,
          "try",
          "tries",
        )}`,
      })),
  };
}

/** The failed copies of the workspace, for those who may read every call (admins, supervisors). */
export function useCopyAlerts(enabled = true) {
  return useQuery({
    queryKey: COPY_ALERTS_KEY,
    queryFn: () => trpc.recordings.copyAlerts.query(),
    refetchInterval: REFRESH_MS,
    enabled,
  });
}

/** The banner on the Recordings page: every recording whose copy failed, its call, and a retry. */
export function CopyAlertsBanner() {
  const alerts = useCopyAlerts();
  const client = useQueryClient();
  const retry = useMutation({
    mutationFn: (recordingId: string) => trpc.recordings.retryCopy.mutate({ recordingId }),
    onSettled: () => client.invalidateQueries({ queryKey: COPY_ALERTS_KEY }),
  });
  if (alerts.error)
    return (
      <p className="error small" role="alert">
        Could not check for recordings that failed to copy: {errorMessage(alerts.error)}
      </p>
    );
  const view = copyAlertView(alerts.data ?? []);
  if (!view) return null;
  return (
    <section className="banner warning copy-alerts" role="alert" aria-label="Recordings not copied">
      <p>
        <strong>{view.headline}</strong>
      </p>
      <ul className="plain stack">
        {view.rows.map((r) => (
          <li key={r.id}>
            <NavLinkTo to={r.callPath}>{r.what}</NavLinkTo>: {r.reason}{" "}
            <span className="muted small">({r.failed})</span>{" "}
            <button
              type="button"
              onClick={() => retry.mutate(r.id)}
              disabled={retry.isPending}
              aria-label={`Retry copying this ${r.what.toLowerCase()}`}
            >
              Retry
            </button>
          </li>
        ))}
      </ul>
      {retry.error && (
        <p className="error small" role="alert">
          {errorMessage(retry.error)}
        </p>
      )}
    </section>
  );
}

/** Beside the Recordings section in the header: how many copies failed, seen from every page. */
export function CopyAlertsBadge({ enabled }: { enabled: boolean }) {
  const view = copyAlertView(useCopyAlerts(enabled).data ?? []);
  if (!view) return null;
  return (
    <span className="badge badge-warning copy-alerts-badge" title={view.headline}>
      {view.count}
      <span className="visually-hidden"> {plural(view.count, "recording", "recordings")} not copied</span>
    </span>
  );
}
