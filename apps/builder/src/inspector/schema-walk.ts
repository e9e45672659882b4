import { fieldMeta, type FieldMeta } from "@ringflow/flow-schema";
import type * as z from "zod";

/** The zod def fields the form reads; zod keeps them on `_zod.def`, typed per schema kind. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  entries?: Record<string, string | number>;
  values?: unknown[];
  defaultValue?: unknown;
}

export const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;

const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"]);

export interface Unwrapped {
  schema: z.ZodType;
  optional: boolean;
  /** The default a missing value takes, when the field has one. */
  defaultValue?: unknown;
  meta?: FieldMeta;
}

/** Looks through optional/default/pipe wrappers to the schema that decides the control. */
export function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(current);
    if (def.type === "optional") optional = true;
    if ((def.type === "default" || def.type === "prefault") && defaultValue === undefined) {
      const raw = def.defaultValue;
      defaultValue = typeof raw === "function" ? (raw as () => unknown)() : raw;
    }
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else break;
  }
  const meta = fieldMeta(schema);
  return { schema: current, optional, defaultValue, ...(meta ? { meta } : {}) };
}

/** The allowed values of an enum or a union of literals, else undefined. */
export function enumValues(schema: z.ZodType): string[] | undefined {
  const def = defOf(unwrap(schema).schema);
  if (def.type === "enum" && def.entries) return Object.values(def.entries).map(String);
  if (def.type === "literal" && def.values) return def.values.map(String);
  return undefined;
}

/** The option of a discriminated union whose discriminator is `value`. */
export function unionOption(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  const def = defOf(schema);
  if (!def.discriminator || !def.options) return undefined;
  return def.options.find((o) => literalOf(o, def.discriminator!) === value);
}

export function literalOf(option: z.ZodType, key: string): string | undefined {
  const shape = defOf(unwrap(option).schema).shape;
  const field = shape?.[key];
  const values = field ? defOf(unwrap(field).schema).values : undefined;
  return values?.[0] as string | undefined;
}

/**
 * A starting value for a new list item or a newly chosen union option: what the schema itself defaults
 * to, with required strings empty and item ids unique among `siblings` (ids name output ports).
 */
export function initialValue(schema: z.ZodType, siblings: unknown[] = []): unknown {
  const { schema: inner, defaultValue } = unwrap(schema);
  if (defaultValue !== undefined) return structuredClone(defaultValue);
  const def = defOf(inner);
  switch (def.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        const u = unwrap(child);
        if (key === "id" && defOf(u.schema).type === "string") out.id = freshId(siblings);
        else if (!u.optional) out[key] = initialValue(child);
      }
      return out;
    }
    case "array":
      return [];
    case "record":
      return {};
    case "boolean":
      return false;
    case "number":
      return 0;
    case "enum":
    case "literal":
      return enumValues(inner)?.[0];
    case "union": {
      const first = def.options?.[0];
      return first ? initialValue(first) : "";
    }
    default:
      return "";
  }
}

function freshId(siblings: unknown[]): string {
  const taken = new Set(
    siblings.map((s) => (s && typeof s === "object" ? (s as { id?: unknown }).id : undefined)),
  );
  for (let n = siblings.length + 1; ; n++) if (!taken.has(`option${n}`)) return `option${n}`;
}

/** "timeoutSeconds" -> "Timeout seconds", for fields without a label. */
export function humanize(key: string | number): string {
  const words = String(key)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
