import type { Template } from "liquidjs";
import {
  checkOutput,
  isRenderTimeLimit,
  limitedLiquid,
  limitReason,
  TemplateLimitError,
  withinRenderTime,
} from "./template-limits.ts";

/**
 * The Liquid context every template sees:
 * - `call.*`  the call: from, to, callId, direction, callerState, language, startedAt
 * - `flow.*`  metadata: accountId, flowId, flowVersion, name
 * - `vars.*`  the flow's declared variables (always set: they have defaults)
 * - `nodes.<nodeId>.<output>`  what a node produced (menu digits, http body...), once it has run
 * - `error.*` the last error (message, nodeId), for the error-handling path
 * Variables live under `vars` rather than at the top level so a variable can never shadow `call` or `nodes`.
 */
export const CALL_FIELDS = [
  "from",
  "to",
  "callId",
  "direction",
  "callerState",
  "language",
  "startedAt",
] as const;
export const FLOW_FIELDS = ["accountId", "flowId", "flowVersion", "name"] as const;
export const ERROR_FIELDS = ["message", "nodeId"] as const;
export const CONTEXT_ROOTS = ["call", "flow", "vars", "nodes", "error"] as const;

export interface TemplateContext {
  call: Record<(typeof CALL_FIELDS)[number], unknown>;
  flow: Record<(typeof FLOW_FIELDS)[number], unknown>;
  vars: Record<string, unknown>;
  nodes: Record<string, Record<string, unknown>>;
  error: { message: string; nodeId: string | null } | null;
}

export type ParsedTemplate = Template[];

const OPTIONS = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  lenientIf: true,
  cache: false,
} as const;

/** Strict: an undefined variable is an error, except inside `if` and the `default` filter. */
export const liquid = limitedLiquid(OPTIONS);

/** Renders with no call data at validation: what is over a limit whatever the call (literal loops, growth). */
const trialLiquid = limitedLiquid({ ...OPTIONS, strictVariables: false });
const EMPTY_CONTEXT = { call: {}, flow: {}, vars: {}, nodes: {}, error: null };

export function hasLiquid(text: string): boolean {
  return text.includes("{{") || text.includes("{%");
}

/** Throws TemplateLimitError for a source over the length limit, liquidjs's parse error otherwise. */
export function parseTemplate(source: string): ParsedTemplate {
  return asLimitError(() => liquid.parse(source));
}

/** Throws TemplateLimitError when the render goes over a limit; liquidjs's render error otherwise. */
export function renderTemplate(template: ParsedTemplate, context: TemplateContext): string {
  return checkOutput(
    asLimitError(() =>
      withinRenderTime((renderLimit) => String(liquid.renderSync(template, context, { renderLimit }))),
    ),
  );
}

function asLimitError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    const reason = limitReason(error);
    throw reason ? new TemplateLimitError(reason) : error;
  }
}

export interface TemplateProblem {
  code: "invalid-template" | "template-too-costly";
  message: string;
}

/** Whether the source parses as Liquid and stays within the limits; the problem otherwise. Remembered per source text. */
export function templateProblem(source: string): TemplateProblem | null {
  const known = problemCache.get(source);
  if (known !== undefined) return known;
  let result: TemplateProblem | null = null;
  let parsed: ParsedTemplate | undefined;
  let timedOut = false;
  try {
    parsed = parseTemplate(source);
    if (mayCostWork(source)) renderTrial(parsed);
  } catch (error) {
    timedOut = isRenderTimeLimit(error);
    if (error instanceof TemplateLimitError) result = { code: "template-too-costly", message: error.message };
    else if (!parsed)
      result = {
        code: "invalid-template",
        message: `This template is not valid Liquid: ${(error as Error).message.split(", line:")[0] ?? "invalid Liquid"}.`,
      };
  }
  if (problemCache.size > 20_000) problemCache.clear();
  // The other verdicts follow from the source alone; a stop at the time limit may be a busy machine's.
  if (!timedOut) problemCache.set(source, result);
  return result;
}
const problemCache = new Map<string, TemplateProblem | null>();
/** Without tags, filters or ranges a template only looks values up: there is nothing to try. */
const mayCostWork = (source: string) =>
  source.includes("{%") || source.includes("|") || source.includes("..");

/** Errors other than limits are the call data's to cause (missing values), so they are not problems here. */
function renderTrial(parsed: ParsedTemplate): void {
  try {
    checkOutput(
      String(
        withinRenderTime((renderLimit) => trialLiquid.renderSync(parsed, EMPTY_CONTEXT, { renderLimit })),
      ),
    );
  } catch (error) {
    const reason = error instanceof TemplateLimitError ? error.reason : limitReason(error);
    if (reason) throw new TemplateLimitError(reason);
  }
}

export function clearTemplateCache(): void {
  problemCache.clear();
}

const BLOCK = /\{\{-?([\s\S]*?)-?\}\}|\{%-?([\s\S]*?)-?%\}/g;
const TOKEN =
  /"[^"]*"|'[^']*'|[A-Za-z_][\w-]*(?:\s*\.\s*[A-Za-z_][\w-]*|\[\s*(?:\d+|"[^"]*"|'[^']*')\s*\])*|\|[^|]*|./g;
const KEYWORDS = new Set([
  "and",
  "or",
  "not",
  "contains",
  "in",
  "true",
  "false",
  "nil",
  "null",
  "empty",
  "blank",
  "with",
  "as",
  "by",
  "limit",
  "offset",
  "reversed",
  "cols",
  "for",
]);
const NO_EXPRESSION = new Set([
  "else",
  "endif",
  "endfor",
  "endunless",
  "endcase",
  "endcapture",
  "break",
  "continue",
  "endtablerow",
  "comment",
  "endcomment",
  "raw",
  "endraw",
  "liquid",
]);

/**
 * The global variable paths a template reads, as segments (`["nodes","mainMenu","digits"]`).
 * A small scanner rather than liquidjs's analyser: validation runs on every edit of 2,000-node flows and
 * this is ~20x faster. Loop and assigned locals are excluded.
 */
export function templateReferences(source: string): string[][] {
  if (!hasLiquid(source)) return [];
  const refs: string[][] = [];
  const locals = new Set<string>(["forloop", "tablerowloop"]);
  let inRaw = false;
  for (const match of source.matchAll(BLOCK)) {
    const [, output, tag] = match;
    if (output !== undefined) {
      if (!inRaw) scanExpression(output, locals, refs);
      continue;
    }
    const body = (tag ?? "").trim();
    const name = body.split(/\s/, 1)[0] ?? "";
    const rest = body.slice(name.length);
    if (name === "raw" || name === "comment") inRaw = true;
    if (name === "endraw" || name === "endcomment") inRaw = false;
    if (inRaw || NO_EXPRESSION.has(name)) continue;
    if (name === "assign") {
      const [target, expression] = splitOnce(rest, "=");
      locals.add(target.trim());
      scanExpression(expression, locals, refs);
    } else if (name === "capture" || name === "increment" || name === "decrement") {
      locals.add(rest.trim());
    } else if (name === "for" || name === "tablerow") {
      const [variable, collection] = splitOnce(rest, " in ");
      locals.add(variable.trim());
      scanExpression(collection, locals, refs);
    } else {
      scanExpression(rest, locals, refs);
    }
  }
  return refs;
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, ""] : [text.slice(0, index), text.slice(index + separator.length)];
}

function scanExpression(expression: string, locals: Set<string>, refs: string[][]): void {
  for (const [token] of expression.matchAll(TOKEN)) {
    if (token.startsWith("|")) {
      scanFilter(token.slice(1), locals, refs);
      continue;
    }
    if (!/^[A-Za-z_]/.test(token)) continue;
    const segments = toSegments(token);
    const head = segments[0] ?? "";
    if (KEYWORDS.has(head) || locals.has(head)) continue;
    refs.push(segments);
  }
}

/** `date: "%H", allow_false: vars.x` -> scan only the argument values, not the filter or keyword names. */
function scanFilter(filter: string, locals: Set<string>, refs: string[][]): void {
  const [, args] = splitOnce(filter, ":");
  for (const arg of args.split(",")) {
    const keyword = /^\s*[A-Za-z_][\w-]*\s*:/.exec(arg);
    scanExpression(keyword ? arg.slice(keyword[0].length) : arg, locals, refs);
  }
}

function toSegments(path: string): string[] {
  const segments: string[] = [];
  for (const [, name, index, quoted1, quoted2] of path.matchAll(
    /([A-Za-z_][\w-]*)|\[\s*(\d+)\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\]/g,
  )) {
    segments.push(name ?? index ?? quoted1 ?? quoted2 ?? "");
  }
  return segments;
}

/** Every string inside a params value that contains Liquid, with its path. */
export function findTemplates(
  value: unknown,
  path: (string | number)[] = [],
  out: TemplateAt[] = [],
): TemplateAt[] {
  if (typeof value === "string") {
    if (hasLiquid(value)) out.push({ path: [...path], source: value });
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      findTemplates(value[i], path, out);
      path.pop();
    }
  } else if (value !== null && typeof value === "object") {
    for (const key in value) {
      path.push(key);
      findTemplates((value as Record<string, unknown>)[key], path, out);
      path.pop();
    }
  }
  return out;
}

export interface TemplateAt {
  path: (string | number)[];
  source: string;
}
