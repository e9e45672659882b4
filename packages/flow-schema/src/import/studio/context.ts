import type { NodeKind, ParamsInputOf } from "../../nodes/index.ts";
import type { PromptInput } from "../../nodes/shared.ts";
import { prop, type ImportReportItem, type StudioIndex, type StudioState } from "./definition.ts";
import { rewriteLiquid, type LiquidRewrite } from "./liquid.ts";

/** A Studio widget as a Ringflow node: its kind, params and ports with the Studio widget each leads to. */
export type Converted = {
  [K in NodeKind]: {
    kind: K;
    params: ParamsInputOf<K>;
    label?: string;
    ports: [port: string, next: string | undefined][];
  };
}[NodeKind];

/** Shared by the widget converters while one Studio flow is imported. */
export class ImportContext implements LiquidRewrite {
  readonly variables = new Set<string>();
  readonly languages: string[] = [];
  /** Split widgets folded into a menu node. */
  readonly absorbed = new Set<string>();

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

export function identifier(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(safe) ? safe : `w_${safe}`;
}
