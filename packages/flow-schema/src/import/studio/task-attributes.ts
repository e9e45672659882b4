import type { AgentViewInput } from "../../nodes/agent-view.ts";
import type { ImportContext } from "./context.ts";
import { prop, type StudioState } from "./definition.ts";

type AgentFieldInput = NonNullable<AgentViewInput>["fields"] extends (infer F)[] | undefined ? F : never;

const MAX_FIELDS = 20;
const LIQUID_VALUE = /(:\s*)(\{\{[\s\S]*?\}\})(?=\s*[,}])/g;

/**
 * TaskRouter task attributes (a JSON object whose values may hold Liquid) as the caller details the agent
 * sees on the queue block: one field per attribute, nested ones named by their path. Flex shows a task's
 * attributes to the agent who takes it; Ringflow's queue shows these instead.
 */
export function taskAttributeFields(
  state: StudioState,
  key: string,
  ctx: ImportContext,
): { agentView?: AgentViewInput } {
  const source = prop.string(state, key)?.trim();
  if (!source) return {};
  const attributes = parseAttributes(source);
  if (!attributes) {
    ctx.issue(
      state,
      `The task attributes are not a JSON object Ringflow can read, so the agent does not see them: ${source}`,
    );
    return {};
  }
  const entries = flatten(attributes, []);
  if (entries.length > MAX_FIELDS)
    ctx.issue(
      state,
      `The agent sees the first ${MAX_FIELDS} of the ${entries.length} task attributes; the rest (${entries
        .slice(MAX_FIELDS)
        .map(([path]) => path.join("."))
        .join(", ")}) are not shown.`,
    );
  const fields = entries.slice(0, MAX_FIELDS).map(([path, value]): AgentFieldInput => {
    const rendered = ctx.text(state, value).slice(0, 500);
    return {
      label: labelOf(path).slice(0, 60),
      value: rendered,
      format: /^\{\{\s*call\.(from|to)\s*\}\}$/.test(rendered) ? "phone" : "text",
    };
  });
  ctx.issue(
    state,
    `The agent sees the task attributes as caller details (${fields.map((f) => f.label).join(", ")}); TaskRouter's routing on them is not carried over: if the workflow chose agents by them, set the queue's required skills.`,
  );
  return fields.length ? { agentView: { fields } } : {};
}

function parseAttributes(source: string): Record<string, unknown> | undefined {
  // Studio allows unquoted Liquid as a value ("age": {{flow.variables.age}}); as text it is the same to show.
  for (const text of [
    source,
    source.replace(LIQUID_VALUE, (_, colon: string, liquid: string) => `${colon}${JSON.stringify(liquid)}`),
  ]) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

function flatten(value: unknown, path: string[]): [string[], string][] {
  if (value && typeof value === "object" && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => flatten(v, [...path, k]));
  if (value === null || value === undefined) return [[path, ""]];
  return [[path, typeof value === "string" ? value : JSON.stringify(value)]];
}

/** `customer_name` / `customerName` / `conversations.account` -> "Customer name" / "Conversations account". */
function labelOf(path: string[]): string {
  const words = path
    .join(" ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "Attribute";
}
