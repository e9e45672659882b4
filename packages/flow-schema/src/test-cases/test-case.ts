import * as z from "zod";
import { httpMethodSchema } from "../commands.ts";
import { callerInputSchema } from "../simulator-protocol.ts";

const isoTime = z.iso.datetime({ offset: true });

/** One thing the caller did, and when by the flow's clock (business hours can change mid-call). */
export const testInputSchema = z.object({
  at: isoTime.optional(),
  input: callerInputSchema,
});

/**
 * The answer one request of an HTTP request block gets, in the order the call made them: recorded from the
 * call the case was made from, or written by the admin (mocked). A request the case has no answer for fails
 * like a network error, so a case never reaches a real service.
 */
export const testHttpAnswerSchema = z.object({
  nodeId: z.string().nullable(),
  method: httpMethodSchema,
  url: z.string(),
  source: z.enum(["recorded", "mocked"]),
  response: z
    .object({
      status: z.number().int().min(100).max(599),
      headers: z.record(z.string(), z.string()).default({}),
      /** JSON as the log keeps it (masked), so the case survives export and the API's answers. */
      body: z.json(),
    })
    .nullable(),
  /** The request failed (network error or timeout) instead of answering. */
  error: z.string().nullable().default(null),
});

/** What the caller heard or was asked, one line each, in order. */
export const heardLineSchema = z.object({
  nodeId: z.string().nullable(),
  kind: z.enum(["said", "played", "asked", "texted"]),
  text: z.string(),
});

/** What the call did: the blocks it went through, what the caller heard, how it ended. */
export const callOutcomeSchema = z.object({
  path: z.array(z.string()),
  heard: z.array(heardLineSchema),
  ending: z.string(),
  /** The blocks' names when the case was saved, to name blocks the flow no longer has. */
  names: z.record(z.string(), z.string()).default({}),
});

/**
 * A test case: a call to play again on every save and before publishing. Stored in the flow document
 * (`tests`), so each published version carries the cases it was published with and an export takes them along.
 */
export const testCaseSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(120),
  createdAt: isoTime,
  /** The call it was made from: a test call in the builder or a real call. */
  source: z.object({ kind: z.enum(["test-call", "call"]), callId: z.string().nullable() }),
  caller: z.object({
    from: z.string(),
    to: z.string(),
    direction: z.enum(["inbound", "outbound"]).default("inbound"),
    /** The caller's US state (e.g. "CA"), which decides recording consent. */
    callerState: z.string().nullable().default(null),
  }),
  /** When the call starts, and the zone the admin reads that time in. */
  clock: z.object({ start: isoTime, timeZone: z.string().min(1) }),
  inputs: z.array(testInputSchema).max(500),
  http: z.array(testHttpAnswerSchema).max(200).default([]),
  expect: callOutcomeSchema,
});

export type TestInput = z.infer<typeof testInputSchema>;
export type TestHttpAnswer = z.infer<typeof testHttpAnswerSchema>;
export type HeardLine = z.infer<typeof heardLineSchema>;
export type CallOutcome = z.infer<typeof callOutcomeSchema>;
export type TestCase = z.infer<typeof testCaseSchema>;
export type TestCaseInput = z.input<typeof testCaseSchema>;
