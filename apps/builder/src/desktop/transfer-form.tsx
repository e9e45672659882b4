import type { CallControlTarget } from "@ringflow/flow-schema";
import { useId, useState } from "react";

export type TransferMode = "blind" | "consult" | "conference";

const MODE_WORDS: Record<TransferMode, { title: string; button: string; help: string }> = {
  blind: {
    title: "Transfer",
    button: "Transfer now",
    help: "The caller goes straight there and you leave the call.",
  },
  consult: {
    title: "Talk first, then transfer",
    button: "Call them first",
    help: "The caller waits on hold while you talk; then hand the caller over or come back.",
  },
  conference: {
    title: "Add someone to the call",
    button: "Add to the call",
    help: "All three of you talk together.",
  },
};

/** Whom to send or bring in: a queue (transfer only), an agent by name, or a phone number. */
export function TransferForm({
  mode,
  queues,
  agents,
  busy,
  onSubmit,
  onCancel,
}: {
  mode: TransferMode;
  queues: { id: string; name: string }[];
  agents: { id: string; name: string }[];
  busy: boolean;
  onSubmit(target: CallControlTarget): void;
  onCancel(): void;
}) {
  const id = useId();
  const kinds = (["queue", "agent", "number"] as const).filter(
    (kind) =>
      (kind !== "queue" || (mode === "blind" && queues.length > 0)) &&
      (kind !== "agent" || agents.length > 0),
  );
  const [kind, setKind] = useState<(typeof kinds)[number]>(kinds[0] ?? "number");
  const [choice, setChoice] = useState("");
  const [number, setNumber] = useState("");
  const words = MODE_WORDS[mode];
  const target = (): CallControlTarget | null => {
    if (kind === "number")
      return /^\+[1-9]\d{6,14}$/.test(number.trim()) ? { kind, number: number.trim() } : null;
    const chosen = choice || (kind === "queue" ? queues[0]?.id : agents[0]?.id);
    if (!chosen) return null;
    return kind === "queue" ? { kind, queueId: chosen } : { kind, agentId: chosen };
  };
  return (
    <form
      className="transfer-form stack"
      aria-label={words.title}
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = target();
        if (chosen) onSubmit(chosen);
      }}
    >
      <h3>{words.title}</h3>
      <p className="help">{words.help}</p>
      <div className="row" role="radiogroup" aria-label="To">
        {kinds.map((k) => (
          <label key={k} className="check">
            <input
              type="radio"
              name={`${id}-kind`}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setChoice("");
              }}
            />
            {k === "queue" ? "A queue" : k === "agent" ? "An agent" : "A phone number"}
          </label>
        ))}
      </div>
      {kind === "number" ? (
        <div className="field">
          <label htmlFor={`${id}-number`} className="field-label">
            Phone number
          </label>
          <input
            id={`${id}-number`}
            type="tel"
            value={number}
            placeholder="+14155550100"
            onChange={(e) => setNumber(e.target.value)}
          />
          <p className="help">With a + and its country code.</p>
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-choice`} className="field-label">
            {kind === "queue" ? "Queue" : "Agent"}
          </label>
          <select id={`${id}-choice`} value={choice} onChange={(e) => setChoice(e.target.value)}>
            {(kind === "queue" ? queues : agents).map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || target() === null}>
          {words.button}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
