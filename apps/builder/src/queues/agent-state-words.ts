import type { AgentState } from "@ringflow/flow-schema";

const WORDS: Record<AgentState, string> = {
  available: "Available",
  ringing: "Phone ringing",
  "on-call": "On a call",
  "wrap-up": "Finishing up",
  away: "Away",
  offline: "Signed out",
};

/** An agent's state as people say it; takes the queue engine's names and the database's (ON_CALL). */
export function agentStateWords(state: string | null | undefined): string {
  if (!state) return WORDS.offline;
  const key = state.toLowerCase().replace(/_/g, "-") as AgentState;
  return WORDS[key] ?? key;
}
