import * as z from "zod";

/** Twilio Studio's flow definition (the 2019-09 schema used by Studio REST API v2), read loosely. */
export const studioTransitionSchema = z.object({
  event: z.string(),
  next: z.string().optional(),
  conditions: z
    .array(
      z.object({
        friendly_name: z.string().optional(),
        arguments: z.array(z.string()).optional(),
        type: z.string(),
        value: z.string().optional(),
      }),
    )
    .optional(),
});

export const studioStateSchema = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  transitions: z.array(studioTransitionSchema).default([]),
  properties: z.record(z.string(), z.unknown()).default({}),
});

export const studioDefinitionSchema = z.object({
  description: z.string().optional(),
  states: z.array(studioStateSchema).min(1),
  initial_state: z.string().min(1),
  flags: z.record(z.string(), z.unknown()).optional(),
});

export type StudioTransition = z.infer<typeof studioTransitionSchema>;
export type StudioCondition = NonNullable<StudioTransition["conditions"]>[number];
export type StudioState = z.infer<typeof studioStateSchema>;
export type StudioDefinition = z.infer<typeof studioDefinitionSchema>;

export interface ImportReportItem {
  /** The Studio widget name. */
  widget: string;
  /** The Studio widget type. */
  type: string;
  /** What could not be carried over, or what to check. */
  issue: string;
}

/** Read-only facts about the whole Studio flow that widget converters need. */
export interface StudioIndex {
  states: Map<string, StudioState>;
  /** Studio widget name -> Ringflow node id. */
  ids: Map<string, string>;
  /** How many transitions lead into each widget. */
  incoming: Map<string, number>;
}

export const prop = {
  string(state: StudioState, key: string): string | undefined {
    const value = state.properties[key];
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
  },
  number(state: StudioState, key: string): number | undefined {
    const value = state.properties[key];
    const n =
      typeof value === "number"
        ? value
        : typeof value === "string" && value.trim() !== ""
          ? Number(value)
          : NaN;
    return Number.isFinite(n) ? n : undefined;
  },
  boolean(state: StudioState, key: string): boolean | undefined {
    const value = state.properties[key];
    return typeof value === "boolean"
      ? value
      : value === "true"
        ? true
        : value === "false"
          ? false
          : undefined;
  },
  keyValues(state: StudioState, key: string): { key: string; value: string }[] {
    const value = state.properties[key];
    if (!Array.isArray(value)) return [];
    return value.flatMap((item) => {
      const k = (item as { key?: unknown })?.key;
      const v = (item as { value?: unknown })?.value;
      return typeof k === "string" ? [{ key: k, value: v === undefined || v === null ? "" : String(v) }] : [];
    });
  },
};

export function target(state: StudioState, event: string): string | undefined {
  return state.transitions.find((t) => t.event === event)?.next || undefined;
}
