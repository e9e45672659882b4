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
