import type { RecordingRequest } from "./recordings.ts";
import type { World } from "./world.ts";

/** A variable of a body's "variables": text, or (Asterisk 22) {value, report_events}. */
export type AriVariable = string | { value: string; report_events?: boolean };

/** What a simulated operation reads: its path parameters and its other parameters (query string or JSON body). */
export type RouteContext = {
  world: World;
  path: Record<string, string>;
  /** The JSON body as sent (an operation whose body parameter is the whole body reads it). */
  body: unknown;
  text(name: string): string | undefined;
  list(name: string): string[];
  int(name: string): number | undefined;
  bool(name: string): boolean | undefined;
  object(name: string): Record<string, AriVariable> | undefined;
};

export type RouteReply = { status: number; json?: unknown; file?: { contentType: string; data: Buffer } };
export type Route = (c: RouteContext) => RouteReply;

export const ok = (json: unknown): RouteReply => ({ status: 200, json });
export const created = (json: unknown): RouteReply => ({ status: 201, json });
export const noContent: RouteReply = { status: 204 };
/** An operation that answers 204 with no body once it has done its work. */
export const act =
  (work: (c: RouteContext) => void): Route =>
  (c) => {
    work(c);
    return noContent;
  };

const TRUE_WORDS = ["yes", "true", "y", "t", "1", "on"];

/** Reads parameters as Asterisk does: from the query string, else from the same-named field of the JSON body. */
export function routeContext(
  world: World,
  path: Record<string, string>,
  query: URLSearchParams,
  body: unknown,
): RouteContext {
  const fields =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const text = (name: string): string | undefined => {
    const fromQuery = query.getAll(name);
    if (fromQuery.length) return fromQuery.join(",");
    const value = fields[name];
    if (value === undefined || value === null || typeof value === "object")
      return Array.isArray(value) ? value.join(",") : undefined;
    return String(value);
  };
  return {
    world,
    path,
    body,
    text,
    list: (name) =>
      (text(name) ?? "")
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    int: (name) => {
      const value = text(name);
      return value === undefined ? undefined : Number.parseInt(value, 10);
    },
    bool: (name) => {
      const value = text(name);
      return value === undefined ? undefined : TRUE_WORDS.includes(value.toLowerCase());
    },
    object: (name) => {
      const value = fields[name];
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, AriVariable>)
        : undefined;
    },
  };
}

/** The parameters of POST /channels/{id}/record and /bridges/{id}/record. */
export const recordingRequest = (c: RouteContext): RecordingRequest => ({
  name: c.text("name") as string,
  format: c.text("format") as string,
  maxDurationSeconds: c.int("maxDurationSeconds"),
  maxSilenceSeconds: c.int("maxSilenceSeconds"),
  ifExists: c.text("ifExists"),
  terminateOn: c.text("terminateOn"),
});

/** The body's "variables", each as {value, report} (report: whether the channel snapshot carries it). */
export function variablesOf(c: RouteContext): { name: string; value: string; report?: boolean }[] {
  return Object.entries(c.object("variables") ?? {}).map(([name, v]) =>
    typeof v === "string" ? { name, value: v } : { name, value: v.value, report: v.report_events ?? false },
  );
}
