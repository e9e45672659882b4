// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { nodeCatalog, nodeKinds } from "@ringflow/flow-schema";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createFlowStore, type FlowStore } from "../store/flow-store.ts";
import { FlowStoreProvider } from "../store/flow-store-context.tsx";
import { FlowChoicesContext, Inspector } from "./inspector.tsx";

afterEach(cleanup);

function setup(store: FlowStore) {
  return render(
    <FlowStoreProvider store={store}>
      <Inspector />
    </FlowStoreProvider>,
  );
}

const menuFlow = () =>
  buildFlow({
    nodes: { start: ["start"], ask: ["collect"], menu: ["menu"] },
    edges: [
      ["start", "inbound", "ask"],
      ["ask", "next", "menu"],
    ],
    variables: [{ name: "tier", type: "string", default: "" }],
  });

const params = (store: FlowStore, id: string) =>
  store
    .getState()
    .document()
    .nodes.find((n) => n.id === id)!.params;

describe("inspector generated from the params schema", () => {
  it("asks to select a block when nothing is selected", () => {
    setup(createFlowStore(menuFlow()));
    expect(screen.getByText("Select a block to edit its settings.")).toBeTruthy();
  });

  it("renders every kind's form from its schema without throwing, with the metadata's labels", () => {
    for (const kind of nodeKinds) {
      const store = createFlowStore(buildFlow({ nodes: { x: [kind] } }));
      store.getState().select(["x"]);
      const { unmount } = setup(store);
      expect(screen.getByRole("heading", { level: 2 }).textContent).toBe(nodeCatalog[kind].label);
      unmount();
    }
    const store = createFlowStore(menuFlow());
    store.getState().select(["menu"]);
    setup(store);
    // Labels and option labels come from `.meta()` in the menu kind's file.
    expect(screen.getByLabelText("Wait for input")).toBeTruthy();
    expect(screen.getByRole("group", { name: "Accept" })).toBeTruthy();
    expect(screen.getByLabelText("Key presses")).toBeTruthy();
    expect(screen.getByText("How many more times to ask after no input or an invalid answer.")).toBeTruthy();
  });

  it("shows a menu's speech settings in plain words under Listening, and clears an optional choice", () => {
    const store = createFlowStore(menuFlow());
    store.getState().select(["menu"]);
    setup(store);
    expect(screen.getByText("Listening")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Listen in"), { target: { value: "fr-CA" } });
    fireEvent.change(screen.getByLabelText("Stop listening after"), { target: { value: "3" } });
    const model = screen.getByLabelText("Speech recognition tuned for");
    expect(within(model).getByRole("option", { name: "Numbers and short commands" })).toBeTruthy();
    fireEvent.change(model, { target: { value: "numbers_and_commands" } });
    expect(params(store, "menu")).toMatchObject({
      listenLanguage: "fr-CA",
      speechTimeoutSeconds: 3,
      speechModel: "numbers_and_commands",
    });
    fireEvent.change(model, { target: { value: "" } });
    fireEvent.change(screen.getByLabelText("Stop listening after"), { target: { value: "" } });
    expect(params(store, "menu")).not.toHaveProperty("speechModel");
    expect(params(store, "menu")).not.toHaveProperty("speechTimeoutSeconds");
    expect(store.getState().nodeProblems.menu).not.toBe("error");
  });

  it("edits nested list items, adds an item with a fresh port id, and removes one", () => {
    const store = createFlowStore(menuFlow());
    store.getState().select(["menu"]);
    setup(store);
    const options = screen.getByRole("group", { name: "option 2" });
    fireEvent.change(within(options).getByLabelText("Label"), { target: { value: "Billing" } });
    expect((params(store, "menu").options as { label: string }[])[1]!.label).toBe("Billing");

    fireEvent.click(screen.getByRole("button", { name: "+ Add option" }));
    const added = (params(store, "menu").options as { id: string }[])[2]!;
    expect(added.id).toBe("option3");
    // The new option is an exit of the node at once (said to have no label yet, never by its id), and can be
    // connected from the keyboard.
    fireEvent.change(screen.getByLabelText("Option 3 (no label)"), { target: { value: "ask" } });
    expect(store.getState().document().edges).toContainEqual({
      id: "menu.option3",
      source: "menu",
      sourcePort: "option3",
      target: "ask",
    });
    fireEvent.change(screen.getByLabelText("Option 3 (no label)"), { target: { value: "" } });
    expect(
      store
        .getState()
        .document()
        .edges.some((e) => e.sourcePort === "option3"),
    ).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Remove option 1" }));
    expect((params(store, "menu").options as { id: string }[]).map((o) => o.id)).toEqual([
      "support",
      "option3",
    ]);
  });

  it("never shows an option's port id, and renaming or moving options keeps every connection", () => {
    const store = createFlowStore(menuFlow());
    store.getState().connect({ source: "menu", sourceHandle: "sales", target: "ask", targetHandle: null });
    store.getState().select(["menu"]);
    setup(store);
    expect(screen.queryByText("Port id")).toBeNull();
    const first = screen.getByRole("group", { name: "option 1" });
    fireEvent.change(within(first).getByLabelText("Label"), { target: { value: "Sales team" } });
    fireEvent.change(within(first).getByLabelText("Key"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("button", { name: "Move option 1 down" }));
    expect(store.getState().document().edges).toContainEqual({
      id: "menu.sales",
      source: "menu",
      sourcePort: "sales",
      target: "ask",
    });
    expect((params(store, "menu").options as { id: string }[]).map((o) => o.id)).toEqual([
      "support",
      "sales",
    ]);
  });

  it("shows the validator's message under the field and clears it once fixed", () => {
    const store = createFlowStore(menuFlow());
    store.getState().select(["menu"]);
    setup(store);
    const key = within(screen.getByRole("group", { name: "option 2" })).getByLabelText("Key");
    fireEvent.change(key, { target: { value: "1" } });
    expect(screen.getByText("Key 1 is used by two options.")).toBeTruthy();
    expect(store.getState().nodeProblems.menu).toBe("error");
    fireEvent.change(key, { target: { value: "3" } });
    expect(screen.queryByText("Key 1 is used by two options.")).toBeNull();
  });

  it("switches a prompt between kinds of union option and edits text per language", () => {
    const store = createFlowStore(menuFlow());
    store.getState().select(["menu"]);
    setup(store);
    fireEvent.change(screen.getByLabelText("Text"), { target: { value: "Press 1 for sales" } });
    expect(params(store, "menu").prompt).toMatchObject({
      type: "say",
      text: { "en-US": "Press 1 for sales" },
    });
    fireEvent.change(screen.getByLabelText("Prompt type"), { target: { value: "play" } });
    expect(params(store, "menu").prompt).toMatchObject({ type: "play" });
    expect(screen.getByLabelText("Audio URL")).toBeTruthy();
  });

  it("offers the variables and upstream outputs that reach the node, in words, and inserts them as Liquid", () => {
    const store = createFlowStore(menuFlow());
    store.getState().select(["menu"]);
    setup(store);
    const insert = screen.getAllByLabelText("Insert a value")[0] as HTMLSelectElement;
    const offered = [...insert.options].map((o) => o.value);
    const said = [...insert.options].map((o) => o.textContent);
    expect(said).toContain("the caller's phone number");
    expect(said.some((s) => s?.startsWith("what the caller pressed in "))).toBe(true);
    expect(offered).toContain("vars.tier");
    expect(offered).toContain("nodes.ask.digits");
    expect(offered).toContain("call.from");
    expect(offered).not.toContain("nodes.menu.digits");
    fireEvent.change(screen.getByLabelText("Text"), { target: { value: "Hi " } });
    fireEvent.change(insert, { target: { value: "call.from" } });
    expect((params(store, "menu").prompt as { text: Record<string, string> }).text["en-US"]).toContain(
      "{{call.from}}",
    );
    // What callers hear is read back in words, and the length is counted against the provider's limit.
    expect(screen.getByText("Hi «the caller's phone number»")).toBeTruthy();
    expect(screen.getByText("16 of 4,096 characters")).toBeTruthy();
  });

  it("offers the workspace's other flows, by name, for a subflow", () => {
    const store = createFlowStore(buildFlow({ nodes: { start: ["start"], sub: ["subflow"] } }));
    store.getState().select(["sub"]);
    render(
      <FlowStoreProvider store={store}>
        <FlowChoicesContext.Provider value={[{ id: "f-billing", name: "Billing line" }]}>
          <Inspector />
        </FlowChoicesContext.Provider>
      </FlowStoreProvider>,
    );
    expect(screen.getByText("Flow: Choose the flow to run.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Flow"), { target: { value: "f-billing" } });
    expect(params(store, "sub").flowId).toBe("f-billing");
    expect(screen.queryByText("Flow: Choose the flow to run.")).toBeNull();
  });

  it("is read-only on a published version", () => {
    const store = createFlowStore();
    store.getState().load(menuFlow(), { readOnly: true });
    store.getState().select(["menu"]);
    setup(store);
    const field = screen.getByLabelText("Wait for input") as HTMLInputElement;
    expect(field.closest("fieldset")?.disabled).toBe(true);
  });
});
