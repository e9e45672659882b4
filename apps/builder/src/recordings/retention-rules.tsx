import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";

const refresh = (client: ReturnType<typeof useQueryClient>) =>
  client.invalidateQueries({ queryKey: ["recordings.retention"] });

/** Said before a rule is shortened: the recordings it makes due go at the next clean-up, for good. */
const SHORTER =
  "Recordings older than this are deleted at the next daily clean-up, and cannot be brought back.";

const daysOf = (text: string) => (/^\d{1,4}$/.test(text.trim()) ? Number(text) : null);

/** The workspace's rule: days kept, and what goes with the audio. */
export function WorkspaceRuleForm(props: {
  rule: { days: number; purgesCallDetails: boolean; deletesAtProvider: boolean };
  onDone(): void;
}) {
  const id = useId();
  const client = useQueryClient();
  const [days, setDays] = useState(String(props.rule.days));
  const [purges, setPurges] = useState(props.rule.purgesCallDetails);
  const [atProvider, setAtProvider] = useState(props.rule.deletesAtProvider);
  const save = useMutation({
    mutationFn: () =>
      trpc.recordings.setRetention.mutate({
        days: daysOf(days) ?? 0,
        purgesCallDetails: purges,
        deletesAtProvider: atProvider,
      }),
    onSuccess: async () => {
      await refresh(client);
      props.onDone();
    },
  });
  const n = daysOf(days);
  return (
    <form
      className="retention-form stack"
      aria-label="The workspace's rule"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label htmlFor={`${id}-days`} className="field-label">
        Keep recordings for (days)
      </label>
      <input id={`${id}-days`} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
      {n !== null && n < props.rule.days && <p className="warning small">{SHORTER}</p>}
      <label className="check">
        <input type="checkbox" checked={purges} onChange={(e) => setPurges(e.target.checked)} /> Also delete
        what the caller entered and the call's step details
      </label>
      <label className="check">
        <input type="checkbox" checked={atProvider} onChange={(e) => setAtProvider(e.target.checked)} />{" "}
        Delete the phone provider's copy once Ringflow holds the audio
      </label>
      {save.error && (
        <p className="error small" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={n === null || n < 1 || save.isPending}>
          Save
        </button>
        <button type="button" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A flow's own days; empty: the workspace's rule. */
export function FlowDaysForm(props: {
  flow: { flowId: string; name: string; ownDays: number | null; days: number };
  workspaceDays: number;
  onDone(): void;
}) {
  const id = useId();
  const client = useQueryClient();
  const [days, setDays] = useState(props.flow.ownDays === null ? "" : String(props.flow.ownDays));
  const own = days.trim() === "" ? null : daysOf(days);
  const save = useMutation({
    mutationFn: () => trpc.recordings.setFlowRetention.mutate({ flowId: props.flow.flowId, days: own }),
    onSuccess: async () => {
      await refresh(client);
      props.onDone();
    },
  });
  const invalid = days.trim() !== "" && (own === null || own < 1);
  return (
    <form
      className="retention-form row"
      aria-label={`${props.flow.name}'s rule`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label htmlFor={`${id}-days`}>Days kept</label>
      <input
        id={`${id}-days`}
        inputMode="numeric"
        value={days}
        placeholder={`${props.workspaceDays} (the workspace's)`}
        onChange={(e) => setDays(e.target.value)}
      />
      <button type="submit" className="primary" disabled={invalid || save.isPending}>
        Save
      </button>
      <button type="button" onClick={props.onDone}>
        Cancel
      </button>
      {(own ?? props.workspaceDays) < props.flow.days && <span className="warning small">{SHORTER}</span>}
      {save.error && (
        <span className="error small" role="alert">
          {errorMessage(save.error)}
        </span>
      )}
    </form>
  );
}
