import { useQuery } from "@tanstack/react-query";
import { trpc } from "../api/trpc.ts";
import type { CallFilterForm } from "./call-filters.ts";
import { OUTCOMES } from "./describe-event.ts";

/** The Calls page's filters: each change applies at once (the API does the filtering). */
export function CallFiltersForm({
  value,
  onChange,
}: {
  value: CallFilterForm;
  onChange: (next: CallFilterForm) => void;
}) {
  const flows = useQuery({
    queryKey: ["flows.list"],
    queryFn: () => trpc.flows.list.query({ includeArchived: false }),
  });
  const set = <K extends keyof CallFilterForm>(key: K, v: CallFilterForm[K]) =>
    onChange({ ...value, [key]: v });
  return (
    <form className="call-filters" aria-label="Filter calls" onSubmit={(e) => e.preventDefault()}>
      <label>
        Phone number
        <input
          type="search"
          value={value.number}
          maxLength={64}
          placeholder="e.g. (555) 222-0000"
          onChange={(e) => set("number", e.target.value)}
        />
      </label>
      <label>
        From
        <input type="date" value={value.from} onChange={(e) => set("from", e.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={value.to} onChange={(e) => set("to", e.target.value)} />
      </label>
      <label>
        Outcome
        <select value={value.outcome} onChange={(e) => set("outcome", e.target.value)}>
          <option value="">Any outcome</option>
          {Object.entries(OUTCOMES).map(([outcome, words]) => (
            <option key={outcome} value={outcome}>
              {words}
            </option>
          ))}
        </select>
      </label>
      <label>
        Flow
        <select value={value.flowId} onChange={(e) => set("flowId", e.target.value)}>
          <option value="">Any flow</option>
          {(flows.data ?? []).map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Test calls
        <select value={value.test} onChange={(e) => set("test", e.target.value as CallFilterForm["test"])}>
          <option value="all">Shown</option>
          <option value="real">Hidden</option>
          <option value="test">Only test calls</option>
        </select>
      </label>
    </form>
  );
}
