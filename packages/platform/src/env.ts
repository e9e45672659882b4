import type { z } from "zod";

/** Parses a service's environment with its zod schema; one readable error lists every problem. */
export function readEnv<S extends z.ZodType>(
  service: string,
  schema: S,
  source: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`The ${service}'s environment is not valid: ${problems}`);
  }
  return parsed.data;
}
