/** A day as the API takes it (YYYY-MM-DD), in the browser's calendar. */
export const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** The last `days` days up to today. */
export function lastDays(days: number, today = new Date()): { from: string; to: string } {
  const from = new Date(today);
  from.setDate(from.getDate() - (days - 1));
  return { from: isoDay(from), to: isoDay(today) };
}

export const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`;
