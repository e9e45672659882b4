import type { NodeKind, ParamsInputOf } from "../../nodes/index.ts";
import type { PromptInput } from "../../nodes/shared.ts";
import { prop, type ImportReportItem, type StudioIndex, type StudioState } from "./definition.ts";
import { rewriteLiquid, type LiquidRewrite } from "./liquid.ts";

/** Where a port leads: a Studio widget (by name), or a node the importer added. */
export type Next = string | { nodeId: string } | undefined;

/**
 * A Studio widget as a Ringflow node: its kind, params and ports with what each leads to; `added` are nodes
 * the widget needs beside its own (placed below it).
 */
export type Converted = {
  [K in NodeKind]: {
    kind: K;
    params: ParamsInputOf<K>;
    label?: string;
    ports: [port: string, next: Next][];
    added?: (Converted & { id: string; label: string })[];
  };
}[NodeKind];

/** Shared by the widget converters while one Studio flow is imported. */
export class ImportContext implements LiquidRewrite {
  readonly variables = new Set<string>();
  readonly languages: string[] = [];
  /** Split widgets folded into a menu node. */
  readonly absorbed = new Set<string>();
  private readonly added = new Set<string>();

  constructor(
    readonly index: StudioIndex,
    readonly report: ImportReportItem[],
  ) {}

  issue(state: StudioState, issue: string): void {
    this.report.push({ widget: state.name, type: state.type, issue });
  }

  text(state: StudioState, value: string): string {
    return rewriteLiquid(value, state, this);
  }

  id(name: string): string {
    return this.index.ids.get(name) as string;
  }

  /** A node id no Studio widget uses, for a node the importer adds. */
  newId(base: string): string {
    const taken = new Set(this.index.ids.values());
    let id = base;
    while (taken.has(id) || this.added.has(id)) id = `${id}_`;
    this.added.add(id);
    return id;
  }

  language(state: StudioState): string {
    const language = prop.string(state, "language") ?? "en-US";
    if (!this.languages.includes(language)) this.languages.push(language);
    return language;
  }

  /** The say/play of say-play and gather widgets. */
  prompt(state: StudioState): PromptInput | undefined {
    const play = prop.string(state, "play");
    if (play) return { type: "play", url: this.text(state, play) };
    const say = prop.string(state, "say");
    if (!say?.trim()) return undefined;
    const voice = prop.string(state, "voice");
    return {
      type: "say",
      text: { [this.language(state)]: this.text(state, say) },
      ...(voice ? { voice } : {}),
      // Studio speaks SSML tags with Polly voices; as plain text they would be read aloud.
      ...(SSML.test(say) ? { ssml: true } : {}),
    };
  }

  /** A variable name Ringflow accepts, declared as a string (Studio variables are text). */
  variable(state: StudioState, name: string): string {
    const safe = identifier(name);
    if (safe !== name) this.issue(state, `The variable "${name}" was renamed "${safe}".`);
    this.variables.add(safe);
    return safe;
  }
}

const SSML = /<\s*\/?\s*(?:speak|break|emphasis|prosody|say-as|phoneme|sub|lang|amazon:[\w-]+)\b[^>]*>/i;

/** A Studio name for people to read: `{{widgets.dial.DialCallStatus}} is busy` -> `dial DialCallStatus is busy`. */
export function readable(name: string): string {
  return name
    .replace(/\{\{\s*([^}|]*?)\s*(?:\|[^}]*)?\}\}/g, (_, expr: string) =>
      expr
        .replace(/^(?:widgets|flow\.variables|flow\.data|trigger\.call|trigger|flow|contact)\./, "")
        .split(".")
        .join(" "),
    )
    .replace(/\{%[\s\S]*?%\}/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function identifier(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(safe) ? safe : `w_${safe}`;
}
