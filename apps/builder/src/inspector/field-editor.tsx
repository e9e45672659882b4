import { fieldMeta, hasLiquid, spokenTextLimit, type Problem } from "@ringflow/flow-schema";
import { createContext, useContext, useId, useRef, type ReactNode } from "react";
import type * as z from "zod";
import { AudioFilePicker } from "../pickers/audio-file-picker.tsx";
import { PhoneInput } from "../pickers/phone-input.tsx";
import { readPhoneNumber } from "../pickers/phone-number.ts";
import { TimeZonePicker } from "../pickers/time-zone-picker.tsx";
import { VoicePicker } from "../pickers/voice-picker.tsx";
import { defOf, enumValues, humanize, initialValue, literalOf, unionOption, unwrap } from "./schema-walk.ts";
import { inWords, type Suggestion } from "./suggestions.ts";

export type FieldPath = (string | number)[];

export interface FormContextValue {
  /** Languages the flow speaks, for text-per-language fields. */
  languages: string[];
  variables: string[];
  /** Liquid names that have a value at this node (call, flow, declared variables, upstream outputs), in words. */
  suggestions: Suggestion[];
  /** Problems of this node, paths relative to its params. */
  problems: (Problem & { path: FieldPath })[];
  timeZones: string[];
  /** Other flows of the workspace, for fields that name a flow (a subflow). */
  flows: { id: string; name: string }[];
  /** The node's port ids: a list item's `id` that names a port is internal, never shown or edited. */
  portIds: string[];
}

export const FormContext = createContext<FormContextValue>({
  languages: ["en-US"],
  variables: [],
  suggestions: [],
  problems: [],
  timeZones: [],
  flows: [],
  portIds: [],
});

/** The object a field sits in, so a control can read its neighbours (a voice beside its text). */
const SiblingsContext = createContext<Record<string, unknown>>({});

const samePath = (a: FieldPath, b: FieldPath) => a.length === b.length && a.every((p, i) => p === b[i]);

function FieldProblems({ path }: { path: FieldPath }) {
  const { problems } = useContext(FormContext);
  const mine = problems.filter((p) => samePath(p.path, path));
  if (mine.length === 0) return null;
  return (
    // The alert wraps the list: a list given the alert role would no longer be a list to screen readers.
    <div role="alert">
      <ul className="field-problems">
        {mine.map((p, i) => (
          <li key={i} className={`problem-${p.severity}`}>
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  schema: z.ZodType;
  value: unknown;
  onChange(value: unknown): void;
  path: FieldPath;
  /** The key or index, used as a label when the schema has none. */
  name: string | number;
}

/**
 * One field of a node's params, rendered from its zod schema and `.meta()`: the control comes from the
 * metadata's widget or the schema's type, never from the node kind.
 */
export function FieldEditor({ schema, value, onChange, path, name }: FieldProps) {
  const { schema: inner, optional, defaultValue, meta } = unwrap(schema);
  const def = defOf(inner);
  const label = meta?.label ?? humanize(name);
  const id = useId();
  const { problems, languages } = useContext(FormContext);
  const siblings = useContext(SiblingsContext);
  const hasProblem = problems.some((p) => samePath(p.path, path));

  // Discriminator fields are chosen by the union's own select.
  if (def.type === "literal") return null;

  if (optional && value === undefined && (def.type === "object" || def.type === "union")) {
    return (
      <div className="field field-optional">
        <span className="field-label">{label}</span>
        <button type="button" className="link" onClick={() => onChange(initialValue(inner))}>
          Add {label.toLowerCase()}
        </button>
        {meta?.help && <p className="help">{meta.help}</p>}
      </div>
    );
  }
  const removeButton =
    optional && (def.type === "object" || def.type === "union") ? (
      <button type="button" className="link danger" onClick={() => onChange(undefined)}>
        Remove
      </button>
    ) : null;

  const current = value === undefined ? defaultValue : value;
  let control: ReactNode;
  /** The control says what is wrong itself (the phone box): the field does not repeat it. */
  let saysOwnProblem = false;
  let group = false;

  if (def.type === "object") {
    group = true;
    control = (
      <ObjectFields
        schema={inner}
        value={(current ?? {}) as Record<string, unknown>}
        onChange={onChange}
        path={path}
      />
    );
  } else if (def.type === "union" && def.discriminator) {
    group = true;
    control = (
      <UnionFields
        schema={inner}
        value={(current ?? {}) as Record<string, unknown>}
        onChange={onChange}
        path={path}
        label={label}
        optionLabels={meta?.optionLabels}
      />
    );
  } else if (def.type === "array" && def.element && enumValues(def.element)) {
    group = true;
    const chosen = new Set((current as string[] | undefined) ?? []);
    control = (
      <div className="checks">
        {enumValues(def.element)!.map((option) => (
          <label key={option} className="check">
            <input
              type="checkbox"
              checked={chosen.has(option)}
              onChange={(e) => {
                const next = enumValues(def.element!)!.filter((o) =>
                  o === option ? e.target.checked : chosen.has(o),
                );
                onChange(next);
              }}
            />
            {meta?.optionLabels?.[option] ?? humanize(option)}
          </label>
        ))}
      </div>
    );
  } else if (def.type === "array" && def.element && defOf(unwrap(def.element).schema).type !== "object") {
    control = (
      <input
        id={id}
        type="text"
        aria-invalid={hasProblem || undefined}
        defaultValue={((current as string[] | undefined) ?? []).join(", ")}
        placeholder={meta?.placeholder ?? "Separate with commas"}
        onBlur={(e) =>
          onChange(
            e.target.value
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean),
          )
        }
      />
    );
  } else if (def.type === "array" && def.element) {
    group = true;
    control = (
      <ListFields
        element={def.element}
        value={(current as unknown[] | undefined) ?? []}
        onChange={onChange}
        path={path}
        label={label}
      />
    );
  } else if (def.type === "record") {
    const texts = (current ?? {}) as Record<string, string>;
    const tags = [...new Set([...languages, ...Object.keys(texts)])];
    // Spoken text is counted against what the provider can say at once with the voice beside it.
    const limit =
      meta?.widget === "language-map"
        ? spokenTextLimit(typeof siblings.voice === "string" ? siblings.voice : undefined)
        : undefined;
    // One language: one text box under the field's own label; several: a group with one box per language.
    group = tags.length > 1;
    control = group ? (
      <div className="language-map">
        {tags.map((tag) => (
          <LiquidArea
            key={tag}
            label={`${label} (${tag})`}
            value={texts[tag] ?? ""}
            onChange={(text) => onChange({ ...texts, [tag]: text })}
            limit={limit}
          />
        ))}
      </div>
    ) : (
      <LiquidBox
        id={id}
        value={texts[tags[0]!] ?? ""}
        onChange={(text) => onChange({ ...texts, [tags[0]!]: text })}
        invalid={hasProblem}
        limit={limit}
      />
    );
  } else if (def.type === "boolean") {
    return (
      <div className="field field-toggle">
        <label className="check">
          <input type="checkbox" checked={Boolean(current)} onChange={(e) => onChange(e.target.checked)} />
          {label}
        </label>
        {meta?.help && <p className="help">{meta.help}</p>}
        <FieldProblems path={path} />
      </div>
    );
  } else if (enumValues(inner)) {
    control = (
      <select
        id={id}
        value={String(current ?? "")}
        onChange={(e) => onChange(e.target.value === "" && optional ? undefined : e.target.value)}
        aria-invalid={hasProblem || undefined}
      >
        {optional && <option value="">—</option>}
        {enumValues(inner)!.map((option) => (
          <option key={option} value={option}>
            {meta?.optionLabels?.[option] ?? option}
          </option>
        ))}
      </select>
    );
  } else if (def.type === "number") {
    control = (
      <input
        id={id}
        type="number"
        aria-invalid={hasProblem || undefined}
        value={current === undefined ? "" : String(current)}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    );
  } else if (meta?.widget === "voice") {
    control = (
      <VoicePicker
        id={id}
        value={(current as string | undefined) ?? ""}
        onChange={onChange}
        languages={languages}
        sample={(siblings.text ?? {}) as Record<string, string>}
      />
    );
  } else if (meta?.widget === "time-zone") {
    control = <TimeZonePicker id={id} value={(current as string | undefined) ?? ""} onChange={onChange} />;
  } else if (meta?.widget === "contact" && siblings.type === "phone" && !hasLiquid(String(current ?? ""))) {
    // Something typed that is not a number: the phone box says why in its own words, once.
    saysOwnProblem = typeof current === "string" && current !== "" && !readPhoneNumber(current, "US").ok;
    control = (
      <PhoneInput
        id={id}
        label={label}
        value={(current as string | undefined) ?? ""}
        onChange={onChange}
        startTouched={saysOwnProblem}
      />
    );
  } else if (meta?.widget === "prompt" && def.type === "string") {
    control = <AudioFilePicker id={id} value={(current as string | undefined) ?? ""} onChange={onChange} />;
  } else if (meta?.widget === "flow") {
    control = (
      <FlowSelect
        id={id}
        value={(current as string | undefined) ?? ""}
        onChange={onChange}
        invalid={hasProblem}
      />
    );
  } else if (def.type === "string" || def.type === "union") {
    control = (
      <TextControl
        id={id}
        widget={meta?.widget}
        value={(current as string | undefined) ?? ""}
        onChange={onChange}
        placeholder={meta?.placeholder}
        invalid={hasProblem}
        optional={optional}
      />
    );
  } else {
    control = <JsonControl id={id} value={current} onChange={onChange} />;
  }

  if (group) {
    return (
      <fieldset className={`field field-group${hasProblem ? " invalid" : ""}`}>
        <legend>
          {label} {removeButton}
        </legend>
        {meta?.help && <p className="help">{meta.help}</p>}
        <FieldProblems path={path} />
        {control}
      </fieldset>
    );
  }
  return (
    <div className={`field${hasProblem ? " invalid" : ""}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {control}
      {meta?.help && <p className="help">{meta.help}</p>}
      {!saysOwnProblem && <FieldProblems path={path} />}
    </div>
  );
}

export function ObjectFields({
  schema,
  value,
  onChange,
  path,
  skip,
}: {
  schema: z.ZodType;
  value: Record<string, unknown>;
  onChange(value: Record<string, unknown>): void;
  path: FieldPath;
  skip?: string;
}) {
  const shape = defOf(unwrap(schema).schema).shape ?? {};
  const editor = ([key, child]: [string, z.ZodType]) => (
    <FieldEditor
      key={key}
      name={key}
      schema={child}
      value={value[key]}
      path={[...path, key]}
      onChange={(next) => {
        const copy = { ...value };
        if (next === undefined) delete copy[key];
        else copy[key] = next;
        onChange(copy);
      }}
    />
  );
  const { portIds } = useContext(FormContext);
  // An option's port id is what its connection hangs on: editing it would cut the connection.
  const names = (key: string) => key === "id" && typeof value.id === "string" && portIds.includes(value.id);
  const entries = Object.entries(shape).filter(([key]) => key !== skip && !names(key));
  // Fields whose metadata names a section are grouped in a collapsible part, in order of first appearance.
  const sections = [
    ...new Set(entries.map(([, child]) => fieldMeta(child)?.section).filter(Boolean)),
  ] as string[];
  return (
    <SiblingsContext.Provider value={value}>
      {entries.filter(([, child]) => !fieldMeta(child)?.section).map(editor)}
      {sections.map((section) => (
        <details key={section} className="field-section">
          <summary>{section}</summary>
          {entries.filter(([, child]) => fieldMeta(child)?.section === section).map(editor)}
        </details>
      ))}
    </SiblingsContext.Provider>
  );
}

function UnionFields({
  schema,
  value,
  onChange,
  path,
  label,
  optionLabels,
}: {
  schema: z.ZodType;
  value: Record<string, unknown>;
  onChange(value: unknown): void;
  path: FieldPath;
  label: string;
  optionLabels?: Record<string, string>;
}) {
  const def = defOf(schema);
  const key = def.discriminator!;
  const id = useId();
  const option = unionOption(schema, value[key]) ?? def.options![0]!;
  return (
    <>
      <div className="field">
        <label htmlFor={id} className="field-label">
          {label} type
        </label>
        <select
          id={id}
          value={String(value[key] ?? "")}
          onChange={(e) => {
            const chosen = unionOption(schema, e.target.value);
            if (chosen) onChange({ ...(initialValue(chosen) as object), [key]: e.target.value });
          }}
        >
          {def.options!.map((o) => {
            const v = literalOf(o, key) ?? "";
            return (
              <option key={v} value={v}>
                {optionLabels?.[v] ?? humanize(v)}
              </option>
            );
          })}
        </select>
      </div>
      <ObjectFields schema={option} value={value} onChange={onChange} path={path} skip={key} />
    </>
  );
}

function ListFields({
  element,
  value,
  onChange,
  path,
  label,
}: {
  element: z.ZodType;
  value: unknown[];
  onChange(value: unknown[]): void;
  path: FieldPath;
  label: string;
}) {
  const replace = (index: number, item: unknown) => onChange(value.map((v, i) => (i === index ? item : v)));
  const move = (index: number, by: number) => {
    const next = [...value];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item);
    onChange(next);
  };
  const singular = label.replace(/s$/, "").toLowerCase();
  return (
    <div className="list">
      {value.length === 0 && <p className="muted">None yet.</p>}
      {value.map((item, index) => (
        <div className="list-item" key={index} aria-label={`${singular} ${index + 1}`} role="group">
          <div className="list-item-bar">
            <span>
              {singular} {index + 1}
            </span>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${singular} ${index + 1} up`}
              disabled={index === 0}
              onClick={() => move(index, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${singular} ${index + 1} down`}
              disabled={index === value.length - 1}
              onClick={() => move(index, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon-button danger"
              aria-label={`Remove ${singular} ${index + 1}`}
              onClick={() => onChange(value.filter((_, i) => i !== index))}
            >
              ✕
            </button>
          </div>
          <FieldProblems path={[...path, index]} />
          <ObjectFields
            schema={element}
            value={(item ?? {}) as Record<string, unknown>}
            onChange={(next) => replace(index, next)}
            path={[...path, index]}
          />
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...value, initialValue(element, value)])}
      >
        + Add {singular}
      </button>
    </div>
  );
}

function LiquidArea({
  label,
  value,
  onChange,
  limit,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  limit?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <LiquidBox id={id} value={value} onChange={onChange} limit={limit} />
    </div>
  );
}

/** A text control's props: the field's id (for its label), value and problem state. */
interface TextProps {
  id: string;
  value: string;
  onChange(v: string): void;
  invalid?: boolean;
}

const count = (n: number) => n.toLocaleString("en-US");

/**
 * A text box for spoken text: the value picker inserts at the caret, inserted values are read back in words,
 * and the length is shown against what the provider can speak at once.
 */
function LiquidBox({ id, value, onChange, invalid, limit }: TextProps & { limit?: number }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const { suggestions } = useContext(FormContext);
  const over = limit !== undefined && value.length > limit;
  const near = limit !== undefined && value.length > limit * 0.9;
  return (
    <>
      <textarea
        id={id}
        ref={ref}
        rows={3}
        value={value}
        aria-invalid={invalid || over || undefined}
        aria-describedby={limit !== undefined ? `${id}-length` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="text-tools">
        <InsertVariable target={ref} value={value} onChange={onChange} />
        {limit !== undefined && (
          <span
            id={`${id}-length`}
            className={`text-length${over ? " problem-error" : near ? " problem-warning" : ""}`}
          >
            {count(value.length)} of {count(limit)} characters
          </span>
        )}
      </div>
      {hasLiquid(value) && (
        <p className="help reads-as">
          <span className="muted">Callers hear: </span>
          {inWords(value, suggestions)}
        </p>
      )}
    </>
  );
}

function TextControl({
  id,
  widget,
  value,
  onChange,
  placeholder,
  invalid,
  optional,
}: {
  id: string;
  widget?: string;
  value: string;
  onChange(v: unknown): void;
  placeholder?: string;
  invalid: boolean;
  optional: boolean;
}) {
  const { variables, languages, timeZones } = useContext(FormContext);
  const ref = useRef<HTMLInputElement>(null);
  const listId = `${id}-list`;
  const set = (v: string) => onChange(v === "" && optional ? undefined : v);
  const type =
    widget === "time"
      ? "time"
      : widget === "date"
        ? "date"
        : widget === "url"
          ? "url"
          : widget === "phone"
            ? "tel"
            : "text";
  const options =
    widget === "variable"
      ? variables
      : widget === "language"
        ? languages
        : widget === "time-zone"
          ? timeZones
          : null;
  return (
    <>
      <input
        id={id}
        ref={ref}
        type={type}
        value={value}
        placeholder={placeholder}
        maxLength={widget === "dtmf-key" ? 1 : undefined}
        className={widget === "dtmf-key" ? "key-input" : undefined}
        aria-invalid={invalid || undefined}
        list={options ? listId : undefined}
        onChange={(e) => set(e.target.value)}
      />
      {options && (
        <datalist id={listId}>
          {options.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
      )}
      {(widget === "liquid" || widget === "url") && (
        <InsertVariable target={ref} value={value} onChange={set} />
      )}
    </>
  );
}

const GROUPS: Suggestion["group"][] = ["Answers from earlier blocks", "Variables", "This call", "This flow"];

/** Inserts `{{ name }}` at the caret, offering, in words, the values known when the call reaches this node. */
function InsertVariable({
  target,
  value,
  onChange,
}: {
  target: { current: HTMLInputElement | HTMLTextAreaElement | null };
  value: string;
  onChange(v: string): void;
}) {
  const { suggestions } = useContext(FormContext);
  if (suggestions.length === 0) return null;
  return (
    <select
      className="insert-variable"
      aria-label="Insert a value"
      value=""
      onChange={(e) => {
        const name = e.target.value;
        if (!name) return;
        const el = target.current;
        const at = el?.selectionStart ?? value.length;
        const end = el?.selectionEnd ?? at;
        onChange(`${value.slice(0, at)}{{${name}}}${value.slice(end)}`);
        el?.focus();
      }}
    >
      <option value="">Insert a value…</option>
      {GROUPS.map((group) => {
        const items = suggestions.filter((s) => s.group === group);
        return items.length === 0 ? null : (
          <optgroup key={group} label={group}>
            {items.map((s) => (
              <option key={s.name} value={s.name}>
                {s.words}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}

function FlowSelect({ id, value, onChange, invalid }: TextProps) {
  const { flows } = useContext(FormContext);
  const known = flows.some((f) => f.id === value);
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={invalid || undefined}
    >
      <option value="">Choose a flow…</option>
      {!known && value && <option value={value}>Unknown flow ({value})</option>}
      {flows.map((f) => (
        <option key={f.id} value={f.id}>
          {f.name}
        </option>
      ))}
    </select>
  );
}

function JsonControl({ id, value, onChange }: { id: string; value: unknown; onChange(v: unknown): void }) {
  return (
    <textarea
      id={id}
      rows={4}
      className="mono"
      defaultValue={JSON.stringify(value ?? null, null, 2)}
      onBlur={(e) => {
        try {
          onChange(JSON.parse(e.target.value));
        } catch {
          // Kept as typed until it parses; the field shows the schema's problem meanwhile.
        }
      }}
    />
  );
}
