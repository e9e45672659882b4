import type { Prisma } from "./generated/prisma/client.ts";

/**
 * A value as Prisma stores it in a Json column. Zod output types carry optional keys as
 * `T | undefined`, which JSON drops; the round trip makes the stored value exactly what is read back.
 */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
