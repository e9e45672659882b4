import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import { PhoneInput } from "../pickers/phone-input.tsx";
import type { PhoneReading } from "../pickers/phone-number.ts";
import { SidePanel } from "./side-panel.tsx";

/** The workspace's phone numbers: which flow answers each, and binding them to this one. */
export function NumbersPanel({
  flowId,
  published,
  onClose,
}: {
  flowId: string;
  published: boolean;
  onClose(): void;
}) {
  const client = useQueryClient();
  const numbers = useQuery({ queryKey: ["numbers.list"], queryFn: () => trpc.numbers.list.query() });
  const refresh = () => client.invalidateQueries({ queryKey: ["numbers.list"] });
  const bind = useMutation({
    mutationFn: (phoneNumberId: string) => trpc.numbers.bind.mutate({ phoneNumberId, flowId }),
    onSuccess: refresh,
  });
  const unbind = useMutation({
    mutationFn: (phoneNumberId: string) => trpc.numbers.unbind.mutate({ phoneNumberId }),
    onSuccess: () => (bind.reset(), add.reset(), refresh()),
  });
  // Owners and admins see their provider accounts, so a number added here is routed to its carrier.
  const providers = useQuery({
    queryKey: ["providers.list"],
    queryFn: () => trpc.providers.list.query(),
    retry: false,
  });
  // A number added from a flow's panel is for that flow: it answers with it at once (once published).
  const add = useMutation({
    mutationFn: async (input: { e164: string; providerAccountId?: string }) => {
      const number = await trpc.numbers.add.mutate(input);
      return published ? trpc.numbers.bind.mutate({ phoneNumberId: number.id, flowId }) : number;
    },
    onSettled: refresh,
  });
  const [e164, setE164] = useState("");
  const [reading, setReading] = useState<PhoneReading | null>(null);
  // Add number was pressed with a number that cannot be dialled: the number box says why (once).
  const [refused, setRefused] = useState(false);
  // A fresh number box after each number added.
  const [formKey, setFormKey] = useState(0);
  const addId = useId();
  const [providerAccountId, setProviderAccountId] = useState("");
  const error = bind.error ?? unbind.error ?? add.error;
  // What the number's phone company cannot do in this flow, said once it answers with it (validation's warnings).
  const bound = bind.data ?? (add.data && "warnings" in add.data ? add.data : undefined);
  const cannot = bound?.warnings ?? [];
  // An Asterisk server also answers extensions (1000), which are no phone numbers: a plain box then.
  const chosen = providers.data?.find((p) => p.id === (providerAccountId || providers.data?.[0]?.id));
  const onAsterisk = chosen?.kind === "ASTERISK";

  return (
    <SidePanel title="Phone numbers" onClose={onClose}>
      {!published && (
        <p className="notice">Publish this flow first: a number always answers with a published version.</p>
      )}
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      {cannot.length > 0 && (
        <div className="notice" role="status">
          <p>{bound!.e164} answers with this flow, but:</p>
          <ul>
            {cannot.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      {numbers.data?.length === 0 && (
        <p className="empty">
          No phone numbers in this workspace yet. Add one below, or import them from a provider account.
        </p>
      )}
      <ul className="numbers">
        {(numbers.data ?? []).map((n) => {
          const here = n.binding?.flow.id === flowId;
          return (
            <li key={n.id} className="card">
              <div className="row">
                <strong>{n.e164}</strong>
                {n.friendlyName && n.friendlyName !== n.e164 && (
                  <span className="muted small">{n.friendlyName}</span>
                )}
              </div>
              {n.providerAccount && (
                <p className="muted small">
                  {n.providerAccount.kind === "DEMO"
                    ? "Demo number: answers test calls only"
                    : n.providerAccount.name}
                </p>
              )}
              <p className="small">
                {n.binding
                  ? here
                    ? "Answers with this flow."
                    : `Answers with “${n.binding.flow.name}”.`
                  : "Not answering with any flow."}
              </p>
              {here ? (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => unbind.mutate(n.id)}
                  disabled={unbind.isPending}
                >
                  Stop answering with this flow
                </button>
              ) : (
                <button
                  type="button"
                  className="primary"
                  onClick={() => bind.mutate(n.id)}
                  disabled={!published || bind.isPending}
                >
                  Answer with this flow
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <form
        className="stack card"
        onSubmit={(e) => {
          e.preventDefault();
          if (!onAsterisk && reading && !reading.ok) return setRefused(true);
          setRefused(false);
          const provider = providerAccountId || providers.data?.[0]?.id;
          add.mutate(
            { e164: e164.trim(), ...(provider ? { providerAccountId: provider } : {}) },
            {
              onSuccess: () => {
                setE164("");
                setReading(null);
                setFormKey((k) => k + 1);
              },
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor={addId} className="field-label">
            Add a number
          </label>
          {onAsterisk ? (
            <>
              <input
                id={addId}
                key={formKey}
                value={e164}
                required
                inputMode="tel"
                autoComplete="off"
                aria-describedby={`${addId}-help`}
                onChange={(e) => setE164(e.target.value)}
              />
              <p id={`${addId}-help`} className="help">
                An extension of the Asterisk server, like 1000, or a phone number with a + and its country
                code.
              </p>
            </>
          ) : (
            <PhoneInput
              id={addId}
              key={formKey}
              label="Add a number"
              value=""
              required
              showProblem={refused}
              onChange={(value, read) => {
                setE164(value);
                setReading(read);
                setRefused(false);
              }}
            />
          )}
        </div>
        {/* One account: said in words (a box would cut its name off in a narrow panel); several: chosen. */}
        {providers.data && providers.data.length === 1 && (
          <p className="small">Calls arrive through {providers.data[0]!.name}.</p>
        )}
        {providers.data && providers.data.length > 1 && (
          <label>
            Calls arrive through
            <select value={providerAccountId} onChange={(e) => setProviderAccountId(e.target.value)}>
              {providers.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <p className="muted small">
          {published
            ? "The number answers with this flow as soon as it is added."
            : "Publish this flow, then the number can answer with it."}
        </p>
        <button type="submit" className="secondary" disabled={add.isPending}>
          Add number
        </button>
      </form>
    </SidePanel>
  );
}
