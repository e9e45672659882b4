export class ImportError extends Error {}
export type ImportReport = never;
export type ImportResult = never;
export function importTwilioStudio(): never {
  throw new ImportError("todo");
}
