import type { AgentViewInput } from "../nodes/agent-view.ts";

/** Without an agent view on the block, the agent still sees every answer the caller gave, and the path. */
export function defaultAgentView(variables: Record<string, unknown>): AgentViewInput {
  return {
    fields: Object.keys(variables)
      .filter((name) => /^[A-Za-z_]\w*$/.test(name))
      .map((name) => ({ label: words(name), value: `{{ vars.${name} }}` })),
  };
}

const words = (name: string) => {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};
