import { Prisma } from "./generated/prisma/client.ts";

/**
 * `where: { tenantId: undefined }` means "no filter" to Prisma: one missing argument and a query
 * reads every tenant's rows. This extension refuses any query whose filter holds `undefined`.
 */
export class UndefinedFilterError extends Error {
  constructor(
    readonly model: string,
    readonly operation: string,
    readonly path: string,
  ) {
    super(`Refusing ${model}.${operation}: the filter at ${path} is undefined (a missing tenant id?)`);
    this.name = "UndefinedFilterError";
  }
}

function findUndefined(value: unknown, path: string): string | undefined {
  if (value === undefined) return path;
  if (value === null || typeof value !== "object" || value instanceof Date) return undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUndefined(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = findUndefined(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

export const strictFilters = Prisma.defineExtension({
  name: "strict-filters",
  query: {
    $allModels: {
      $allOperations({ model, operation, args, query }) {
        const where = (args as { where?: unknown } | undefined)?.where;
        if (where !== undefined) {
          const path = findUndefined(where, "where");
          if (path) throw new UndefinedFilterError(model, operation, path);
        }
        return query(args);
      },
    },
  },
});
