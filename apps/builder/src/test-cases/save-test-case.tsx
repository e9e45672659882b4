import "./test-cases.css";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import { testCasesKey } from "./use-test-run.ts";

/**
 * "Save as test case" for a finished call (a test call, or a real call of the flow): its inputs, clock, caller
 * and HTTP answers become a case the flow must keep passing. `prepare` saves the canvas first.
 */
export function SaveTestCase({
  flowId,
  callId,
  prepare,
}: {
  flowId: string;
  callId: string;
  prepare?: () => Promise<unknown>;
}) {
  const client = useQueryClient();
  const [name, setName] = useState("");
  const save = useMutation({
    mutationFn: async () => {
      await prepare?.();
      return trpc.testCases.save.mutate({ flowId, callId, ...(name.trim() ? { name: name.trim() } : {}) });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: testCasesKey(flowId) }),
  });
  if (save.data)
    return (
      <p className="ok small" role="status">
        Saved as the test case “{save.data.name}”. It runs after every change and before publishing.
      </p>
    );
  return (
    <form
      className="save-test-case"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        Test case name (optional)
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Caller presses 1 for sales"
          maxLength={120}
        />
      </label>
      <button type="submit" className="secondary" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save as test case"}
      </button>
      <p className="help">
        Keeps what the caller did (keys, speech, silence), the date and time, the caller&apos;s state and the
        answers web requests got, and checks after every change that callers still go the same way.
      </p>
      {save.error && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </form>
  );
}
