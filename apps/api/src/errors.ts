import { TRPCError } from "@trpc/server";
import type { Problem } from "@ringflow/flow-schema";

/** Structured facts an error carries to the client next to its message (see the error formatter). */
export interface ErrorDetails {
  /** A save against an older revision: the newer draft that is stored now. */
  conflict?: { revision: number; document: unknown; updatedAt: Date; updatedById: string | null };
  /** Validation problems, node by node, that block a publish. */
  problems?: Problem[];
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
