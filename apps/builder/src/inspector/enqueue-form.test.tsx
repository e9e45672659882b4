// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createFlowStore, type FlowStore } from "../store/flow-store.ts";
import { FlowStoreProvider } from "../store/flow-store-context.tsx";
import { Inspector } from "./inspector.tsx";

afterEach(cleanup);

const REFUSED = /Enter a whole number from 0 to 100, or a variable or rule that gives one/;

function enqueueForm(): FlowStore {
  const store = createFlowStore(
    buildFlow({
      nodes: { start: ["start"], queue: ["enqueue", { queue: "sales" }] },
      edges: [["start", "inbound", "queue"]],
      variables: [
        { name: "tier", type: "string", default: "" },
        { name: "lastAgent", type: "string", default: "" },
      ],
    }),
  );
  store.getState().select(["queue"]);
  render(
    <FlowStoreProvider store={store}>
      <Inspector />
    </FlowStoreProvider>,
  );
  return store;
}

const params = (store: FlowStore) =>
  store
    .getState()
    .document()
    .nodes.find((n) => n.id === "queue")!.params;

describe("the Enqueue block's form: who is answered first, in plain words", () => {
  it("labels the fixed priority, the priority rule and the preferred agent for admins", () => {
    enqueueForm();
    expect(screen.getByLabelText("Priority: VIP callers first")).toBeTruthy();
    expect(screen.getByText("0 to 100. Callers with a higher number are answered before the others.")).toBeTruthy();
    expect(screen.getByLabelText("Priority from the caller's details")).toBeTruthy();
    expect(screen.getByText(/the priority above is used and the call log says why/)).toBeTruthy();
    expect(screen.getByLabelText("Prefer the agent in variable")).toBeTruthy();
    expect(screen.getByText(/Used when the queue routes by skills/)).toBeTruthy();
  });

  it("takes a rule over a variable and a preferred agent, and refuses a fixed rule that is no priority", () => {
    const store = enqueueForm();
    const rule = screen.getByLabelText("Priority from the caller's details");
    fireEvent.change(rule, { target: { value: "gold" } });
    expect(screen.getByText(REFUSED)).toBeTruthy();
    expect(store.getState().nodeProblems.queue).toBe("error");

    fireEvent.change(rule, { target: { value: '{% if vars.tier == "gold" %}90{% endif %}' } });
    fireEvent.change(screen.getByLabelText("Prefer the agent in variable"), {
      target: { value: "{{vars.lastAgent}}" },
    });
    expect(screen.queryByText(REFUSED)).toBeNull();
    expect(params(store)).toMatchObject({
      priorityFrom: '{% if vars.tier == "gold" %}90{% endif %}',
      preferredAgent: "{{vars.lastAgent}}",
    });
    expect(store.getState().nodeProblems.queue).not.toBe("error");
  });
});
