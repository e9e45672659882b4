import * as z from "zod";

/** How the builder's inspector should render a field; it picks a control from this, never from the node kind. */
export type Widget =
  | "text"
  | "textarea"
  | "liquid"
  | "ssml"
  | "select"
  | "multiselect"
  | "number"
  | "toggle"
  | "seconds"
  | "url"
  | "phone"
  | "contact"
  | "voice"
  | "variable"
  | "language"
  | "language-map"
  | "time-zone"
  | "time"
  | "date"
  | "regex"
  | "dtmf-key"
  | "tags"
  | "list"
  | "key-value"
  | "flow"
  | "prompt"
  | "json";

export interface FieldMeta {
  label: string;
  help?: string;
  placeholder?: string;
  widget?: Widget;
  /** For "select"/"multiselect": the labels of the enum values. */
  optionLabels?: Record<string, string>;
  /** Groups fields into collapsible sections in the inspector. */
  section?: string;
}

/**
 * Attaches form metadata to a schema. It is stored in zod's global registry, so `z.toJSONSchema` carries it
 * (`title`, `description` and the custom keys) and the builder can render a form with no per-kind code.
 * Call it last (after `.default()`/`.optional()`), so the metadata sits on the outermost schema.
 */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  return schema.meta({ title: meta.label, ...(meta.help ? { description: meta.help } : {}), ...meta });
}

const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly", "catch", "nonoptional"]);

/** The metadata of a field, looking through optional/default wrappers. */
export function fieldMeta(schema: z.ZodType): FieldMeta | undefined {
  let current: z.ZodType | undefined = schema;
  while (current) {
    const meta = z.globalRegistry.get(current) as Partial<FieldMeta> | undefined;
    if (meta?.label) return meta as FieldMeta;
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (WRAPPERS.has(def.type)) current = def.innerType;
    else if (def.type === "pipe") current = def.in;
    else return undefined;
  }
  return undefined;
}

/** The schema found at `path` inside `schema` (object keys and array indexes), or undefined. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const key of path) {
    current = unwrap(current);
    if (!current) return undefined;
    const def = current._zod.def as {
      type: string;
      shape?: Record<string, z.ZodType>;
      element?: z.ZodType;
      valueType?: z.ZodType;
      options?: z.ZodType[];
    };
    if (def.type === "object" && def.shape && typeof key === "string") current = def.shape[key];
    else if (def.type === "array" && typeof key === "number") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else if (def.type === "union" && def.options) current = firstWith(def.options, key);
    else return undefined;
  }
  return current;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current) {
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (WRAPPERS.has(def.type)) current = def.innerType;
    else if (def.type === "pipe") current = def.in;
    else return current;
  }
  return current;
}

function firstWith(options: z.ZodType[], key: PropertyKey): z.ZodType | undefined {
  for (const option of options) {
    const found = schemaAt(option, [key]);
    if (found) return found;
  }
  return undefined;
}
