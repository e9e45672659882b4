import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";

/** Every time zone the browser knows (IANA names, e.g. America/New_York), UTC first. */
const ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];

/**
 * Where the workspace's days begin, for admins: reports count days and hours there (past hours are counted
 * again in a new zone within a minute or two). Typed with suggestions: there are hundreds of zones.
 */
export function TimeZoneSetting() {
  const id = useId();
  const client = useQueryClient();
  const current = useQuery({
    queryKey: ["analytics.timeZone"],
    queryFn: () => trpc.analytics.timeZone.query(),
  });
  const [draft, setDraft] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (timeZone: string) => trpc.analytics.setTimeZone.mutate({ timeZone }),
    onSuccess: async () => {
      setDraft(null);
      await client.invalidateQueries();
    },
  });
  if (!current.data) return null;
  const value = draft ?? current.data.timeZone;
  return (
    <form
      className="time-zone-setting small"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate(value.trim());
      }}
    >
      <label htmlFor={`${id}-zone`}>Days begin at midnight in</label>
      <input
        id={`${id}-zone`}
        list={`${id}-zones`}
        value={value}
        onChange={(e) => setDraft(e.target.value)}
        placeholder="America/New_York"
      />
      <datalist id={`${id}-zones`}>
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {draft !== null && draft !== current.data.timeZone && (
        <button type="submit" disabled={change.isPending}>
          Save
        </button>
      )}
      {change.isSuccess && <span className="muted">Saved: past days are counted again shortly.</span>}
      {change.error && (
        <span className="error" role="alert">
          {errorMessage(change.error)}
        </span>
      )}
    </form>
  );
}
