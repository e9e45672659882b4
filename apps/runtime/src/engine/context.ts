import {
  ASSET_URL_SCHEME,
  hasLiquid,
  parseTemplate,
  renderTemplate,
  TemplateLimitError,
  type CallCommand,
  type NodeKind,
  type ParamsOf,
  type Prompt,
  type PromptCommand,
  type TemplateContext,
  type TraceEntry,
} from "@ringflow/flow-schema";
import type { CompiledFlow, CompiledNode } from "./compile.ts";
import type { CallState, Json } from "./state.ts";

/** A failure of the node being run (bad template, unusable value); the engine routes it to error handling. */
export class NodeFailure extends Error {
  override readonly name = "NodeFailure";
}

/** Everything a step function may read or change. State is the run's private copy, so mutation is safe. */
export class StepContext<K extends NodeKind = NodeKind> {
  constructor(
    readonly flow: CompiledFlow,
    readonly node: CompiledNode<K>,
    readonly state: CallState,
    /** The event clock (epoch ms). */
    readonly at: number,
    private readonly commands: CallCommand[],
    readonly trace: TraceEntry,
  ) {}

  get params(): ParamsOf<K> {
    return this.node.params;
  }

  /** The turn a waiting command must carry: the one the engine moves to when it waits. */
  get turn(): number {
    return this.state.turn + 1;
  }

  emit(command: CallCommand): void {
    this.commands.push(command);
  }

  render(source: string): string {
    if (!hasLiquid(source)) return source;
    const path = this.flow.plainPaths.get(source);
    if (path) {
      const value = lookup(this.templateContext(), path);
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      // Anything else (missing, nil, objects, `.size`...) is Liquid's to render or to refuse.
    }
    try {
      let template = this.flow.templates.get(source);
      if (!template) {
        template = parseTemplate(source);
        this.flow.templates.set(source, template);
      }
      return renderTemplate(template, this.templateContext());
    } catch (error) {
      if (error instanceof TemplateLimitError)
        throw new NodeFailure(`Template "${shorten(source)}" stopped. ${error.message}`);
      throw new NodeFailure(templateFailure(source, (error as Error).message.split(", line:")[0] ?? ""));
    }
  }

  templateContext(): TemplateContext {
    const s = this.state;
    return {
      call: {
        from: s.from,
        to: s.to,
        callId: s.callId,
        direction: s.direction,
        callerState: s.callerState,
        language: s.language,
        startedAt: s.startedAt,
      },
      flow: s.flow,
      vars: s.frame.vars,
      nodes: s.frame.nodes,
      error: s.lastError,
    };
  }

  /** The text for the call's language, else the flow's default language, else the first given. */
  pickLanguage(texts: Record<string, string>): { language: string; text: string } {
    for (const language of [this.state.language, this.flow.document.languages.default]) {
      const text = texts[language];
      if (text !== undefined && text !== "") return { language, text };
    }
    const [language, text] = Object.entries(texts).find(([, t]) => t !== "") ?? [this.state.language, ""];
    return { language, text };
  }

  prompt(prompt: Prompt, loop = 1): PromptCommand {
    if (prompt.type === "say") {
      const { language, text } = this.pickLanguage(prompt.text);
      return {
        type: "say",
        text: this.render(text),
        language,
        ssml: prompt.ssml,
        loop,
        ...(prompt.voice ? { voice: prompt.voice } : {}),
      };
    }
    if (prompt.type === "play") return { type: "play", url: this.render(prompt.url), loop };
    // An uploaded file is named, not linked: the adapter turns `asset:<id>` into a short-lived signed link
    // when it answers the provider (the engine has no clock to sign with).
    const url = this.flow.prompts[prompt.promptId] ?? `${ASSET_URL_SCHEME}${prompt.promptId}`;
    return { type: "play", url, loop };
  }

  /** Replaces what `nodes.<thisNode>.*` reads. */
  setOutputs(outputs: Record<string, Json>): void {
    this.state.frame.nodes[this.node.id] = outputs;
  }

  /** Assigns a declared variable, converting text to its type, and notes the change in the trace. */
  setVariable(name: string, value: Json): void {
    const definition = this.flow.variables.get(name);
    if (!definition) throw new NodeFailure(`The variable "${name}" is not declared.`);
    const converted = convertValue(value, definition.type, name);
    this.state.frame.vars[name] = converted;
    this.trace.variables[name] = converted;
  }

  get attempts(): number {
    return this.state.frame.attempts[this.node.id] ?? 0;
  }

  set attempts(count: number) {
    this.state.frame.attempts[this.node.id] = count;
  }
}

/** Text from a template or a response, as a value of a variable's declared type. */
export function convertValue(
  value: Json,
  type: "string" | "number" | "boolean" | "json",
  name: string,
): Json {
  switch (type) {
    case "string":
      return typeof value === "string" ? value : JSON.stringify(value);
    case "number": {
      const number =
        typeof value === "number"
          ? value
          : typeof value === "string" && value.trim() !== ""
            ? Number(value)
            : NaN;
      if (!Number.isFinite(number))
        throw new NodeFailure(
          `"${String(value)}" is not a number, so it cannot go into the number variable "${name}".`,
        );
      return number;
    }
    case "boolean": {
      if (typeof value === "boolean") return value;
      const text = String(value).trim().toLowerCase();
      if (["true", "yes", "1"].includes(text)) return true;
      if (["false", "no", "0", ""].includes(text)) return false;
      throw new NodeFailure(
        `"${String(value)}" is not true or false, so it cannot go into the yes/no variable "${name}".`,
      );
    }
    case "json":
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value) as Json;
      } catch {
        return value;
      }
  }
}

function templateFailure(source: string, message: string): string {
  const unsetNode = /^undefined variable: nodes\.([A-Za-z_]\w*)$/.exec(message);
  if (unsetNode) return `"${source}" reads node ${unsetNode[1]}, which has not run on this call's path`;
  return `Template "${source}" failed: ${message}`;
}

/** A template as a log line can show it: templates may be thousands of characters long. */
function shorten(source: string): string {
  return source.length > 80 ? `${source.slice(0, 77)}...` : source;
}

/** Own properties only, like the Liquid context; undefined when any step is missing. */
function lookup(context: TemplateContext, path: readonly string[]): unknown {
  let current: unknown = context;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
