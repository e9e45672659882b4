/** A Prisma filter on one date column: `since` inclusive, `until` exclusive; nothing when neither is set. */
export function timeRange<K extends string>(
  column: K,
  range: { since?: Date | undefined; until?: Date | undefined },
) {
  if (!range.since && !range.until) return {};
  return {
    [column]: {
      ...(range.since ? { gte: range.since } : {}),
      ...(range.until ? { lt: range.until } : {}),
    },
  } as Record<K, { gte?: Date; lt?: Date }>;
}

/** Keyset paging by id: one row more than the page tells whether there is a next one. */
export function pageArgs(tenantId: string, query: { cursor?: string | undefined; limit: number }) {
  return {
    ...(query.cursor ? { cursor: { id: query.cursor, tenantId }, skip: 1 } : {}),
    take: query.limit + 1,
  };
}

export function toPage<T extends { id: string }>(rows: T[], limit: number) {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

/**
 * Calls from or to a number as a person types it: "(555) 222-0000", "5552220000" and "+1 555 222 0000" all
 * find +15552220000 (its digits, anywhere in the number); text without digits (a test call's label) as typed.
 */
export function numberFilter(number: string | undefined) {
  if (!number) return {};
  const digits = number.replace(/\D/g, "");
  const needle = digits.length > 0 ? digits : number;
  return {
    OR: [
      { fromNumber: { contains: needle, mode: "insensitive" as const } },
      { toNumber: { contains: needle, mode: "insensitive" as const } },
    ],
  };
}
