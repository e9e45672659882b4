import { wrapUpAnswersSchema, type LiveCall } from "@ringflow/flow-schema";
import { useMutation } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { errorMessage } from "../api/trpc.ts";
import { ObjectFields } from "../inspector/field-editor.tsx";
import { CallTimer } from "./call-timer.tsx";
import { desktopApi } from "./desktop-api.ts";
import { useScreenPop } from "./screen-pop-card.tsx";

/**
 * After the call: the outcome, notes and the block's questions (rendered by the inspector's own form from
 * the same schema the API checks them with), with the time spent finishing up.
 */
export function WrapUpPanel({ call, onDone }: { call: LiveCall; onDone(): void }) {
  const id = useId();
  const pop = useScreenPop(call);
  const schema = useMemo(() => wrapUpAnswersSchema(pop.wrapUp), [pop.wrapUp]);
  const [disposition, setDisposition] = useState("");
  const [notes, setNotes] = useState("");
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (finish: boolean) => {
      const checked = schema.safeParse(answers);
      if (finish && !checked.success) {
        setProblems(checked.error.issues.map((i) => i.message));
        return Promise.resolve(null);
      }
      setProblems([]);
      return desktopApi.updateCall({
        callId: call.callId,
        disposition: disposition || null,
        notes,
        wrapUpAnswers: (checked.success ? checked.data : {}) as Record<string, string | number | boolean>,
        finish,
      });
    },
    onSuccess: (result, finish) => {
      if (result && finish) onDone();
    },
  });
  const needsOutcome = pop.dispositions.length > 0 && !disposition;
  return (
    <form
      className="call-card wrap-up stack"
      aria-label="Finish the call"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(true);
      }}
    >
      <header className="call-head">
        <h2>Finish the call with {call.from ?? "the caller"}</h2>
        {call.endedAt && (
          <span className="muted small">
            finishing up for <CallTimer since={call.endedAt} />
          </span>
        )}
      </header>
      {pop.dispositions.length > 0 && (
        <fieldset className="field field-group">
          <legend>How did it end?</legend>
          <div className="row wrap">
            {pop.dispositions.map((d) => (
              <label key={d.id} className="check">
                <input
                  type="radio"
                  name={`${id}-outcome`}
                  value={d.id}
                  checked={disposition === d.id}
                  onChange={() => setDisposition(d.id)}
                />
                {d.label}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${id}-notes`} className="field-label">
          Notes
        </label>
        <textarea id={`${id}-notes`} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </div>
      {pop.wrapUp.length > 0 && (
        <div className="wrap-up-questions">
          <ObjectFields schema={schema} value={answers} onChange={setAnswers} path={[]} />
        </div>
      )}
      {problems.length > 0 && (
        <ul className="error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {save.error && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending || needsOutcome}>
          Done
        </button>
        <button type="button" disabled={save.isPending} onClick={() => save.mutate(false)}>
          Save notes
        </button>
        {needsOutcome && <span className="muted small">Choose how it ended first.</span>}
      </div>
    </form>
  );
}
