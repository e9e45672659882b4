import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { Problem, TestCaseResult } from "@ringflow/flow-schema";

/** Structured facts an error carries to the client next to its message (see the error formatter). */
export interface ErrorDetails {
  /** A save against an older revision: the newer draft that is stored now. */
  conflict?: { revision: number; document: unknown; updatedAt: Date; updatedById: string | null };
  /** Validation problems, node by node, that block a publish. */
  problems?: Problem[];
  /** The flow's test cases a publish would break, each with its difference. */
  testResults?: TestCaseResult[];
  /** When a rate-limited action may be tried again. */
  retryAfterSeconds?: number;
  /** What a provider answered, verbatim. */
  providerError?: string;
}

export class ErrorDetailsCause extends Error {
  constructor(readonly details: ErrorDetails) {
    super("details");
  }
}

type Code = TRPCError["code"];

export function apiError(code: Code, message: string, details?: ErrorDetails): TRPCError {
  return new TRPCError({ code, message, ...(details ? { cause: new ErrorDetailsCause(details) } : {}) });
}

export function notFound(what: string): TRPCError {
  return apiError("NOT_FOUND", `${what} not found in this workspace.`);
}

/** What an unexpected failure tells the caller: a generic sentence and the reference its log line carries. */
export function internalErrorMessage(reference: string): string {
  return `Something went wrong on our side. If it keeps happening, contact support with reference ${reference}.`;
}

/**
 * Logs an unexpected error (a bug, Prisma, a dependency) under a new reference id and strips what the answer
 * would carry of it (its message, and its cause, which the formatter reads zod issues and details from).
 * Expected errors (a code other than INTERNAL_SERVER_ERROR) pass unchanged.
 */
export function concealInternalError(error: TRPCError, log: (fields: object, message: string) => void): void {
  if (error.code !== "INTERNAL_SERVER_ERROR") return;
  const reference = randomUUID();
  log({ err: error.cause ?? error, reference }, "procedure failed");
  error.message = internalErrorMessage(reference);
  (error as { cause?: unknown }).cause = undefined;
  error.stack = undefined;
}
