import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";
import type { FlowState, FlowStore } from "./flow-store.ts";

const FlowStoreContext = createContext<FlowStore | null>(null);

export function FlowStoreProvider({ store, children }: { store: FlowStore; children: ReactNode }) {
  return <FlowStoreContext.Provider value={store}>{children}</FlowStoreContext.Provider>;
}

export function useFlowStoreApi(): FlowStore {
  const store = useContext(FlowStoreContext);
  if (!store) throw new Error("useFlow needs a <FlowStoreProvider> above it.");
  return store;
}

/** Reads from the current flow's store; components re-render only when the selected slice changes. */
export function useFlow<T>(selector: (state: FlowState) => T): T {
  return useStore(useFlowStoreApi(), selector);
}
