import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";

/** The numbers a phone company account owns; the chosen ones join the workspace, ready to bind to a flow. */
export function ProviderNumbers({
  providerAccountId,
  carrier,
}: {
  providerAccountId: string;
  /** The phone company's name, as the admin knows it ("Telnyx"). */
  carrier: string;
}) {
  const client = useQueryClient();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const numbers = useQuery({
    queryKey: ["numbers.listFromProvider", providerAccountId],
    queryFn: () => trpc.numbers.listFromProvider.query({ providerAccountId }),
    retry: false,
  });
  const importNumbers = useMutation({
    mutationFn: (e164s: string[]) => trpc.numbers.importFromProvider.mutate({ providerAccountId, e164s }),
    onSuccess: async () => {
      setChosen(new Set());
      await client.invalidateQueries({ queryKey: ["numbers.listFromProvider", providerAccountId] });
      await client.invalidateQueries({ queryKey: ["numbers.list"] });
    },
  });
  if (numbers.isPending) return <p className="muted small">Asking {carrier} for the account's numbers…</p>;
  if (numbers.error)
    return (
      <p className="error" role="alert">
        {errorMessage(numbers.error)}
      </p>
    );
  if (numbers.data.length === 0)
    return <p className="empty">This {carrier} account has no phone numbers yet.</p>;
  const toggle = (e164: string) => {
    const next = new Set(chosen);
    if (next.has(e164)) next.delete(e164);
    else next.add(e164);
    setChosen(next);
  };
  return (
    <div className="stack">
      <ul className="plain">
        {numbers.data.map((n) => (
          <li key={n.e164}>
            <label className="number-choice">
              <input
                type="checkbox"
                disabled={n.added}
                checked={n.added || chosen.has(n.e164)}
                onChange={() => toggle(n.e164)}
              />
              <strong>{n.e164}</strong>
              {n.friendlyName && n.friendlyName !== n.e164 && <span className="small">{n.friendlyName}</span>}
              {n.added && <span className="muted small">already in this workspace</span>}
            </label>
          </li>
        ))}
      </ul>
      {importNumbers.error && (
        <p className="error" role="alert">
          {errorMessage(importNumbers.error)}
        </p>
      )}
      <button
        type="button"
        className="secondary align-start"
        disabled={chosen.size === 0 || importNumbers.isPending}
        onClick={() => importNumbers.mutate([...chosen])}
      >
        Add {chosen.size || ""} number{chosen.size === 1 ? "" : "s"} to the workspace
      </button>
    </div>
  );
}
