import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@ringflow/api";
import { QueryClient } from "@tanstack/react-query";

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/** Same origin as the page: the API serves the builder, so the session cookie and the Origin check just work. */
export const trpc = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: "/trpc",
      fetch: (url, init) => fetch(url, { ...init, credentials: "same-origin" }),
    }),
  ],
});

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) =>
        count < 2 && !(error instanceof TRPCClientError && error.data?.httpStatus < 500),
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

export type ApiError = TRPCClientError<AppRouter>;

/** The API's own sentence for what went wrong, else a plain fallback. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const issues = (error as ApiError).data?.zodIssues;
    return issues?.length ? issues.map(plainIssue).join(" ") : error.message;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/** The structured details the API attaches to an error (a newer draft, blocking problems). */
export function errorDetails(error: unknown): NonNullable<ApiError["data"]>["details"] | null {
  return error instanceof TRPCClientError ? ((error as ApiError).data?.details ?? null) : null;
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error as ApiError).data?.code : undefined;
}

/**
 * A field the API refused, in words: our schemas' own messages are sentences ("Use at least 10 characters
 * for the password."); zod's defaults ("Invalid input: expected string") are not, so they name the field.
 */
export function plainIssue(issue: { message: string; path: PropertyKey[] }): string {
  // zod's own say "Too small: expected…"; ours may hold an example address ("like wss://pbx…:8089/ws").
  if (/^[A-Z](?:(?!: )[^✖→])*\.$/.test(issue.message) && !issue.message.startsWith("Invalid"))
    return issue.message;
  const field = issue.path.filter((key) => typeof key === "string").at(-1);
  const words = field ? field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() : "";
  return words
    ? `Check the ${words}: it is missing or not in a form Ringflow accepts.`
    : "Check what you entered.";
}
