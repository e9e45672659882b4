/**
 * Hours and days in the tenant's time zone. An hour bucket is the instant its local hour begins, so zones a
 * half or quarter hour off UTC still get whole local hours, and a local day is the sum of its hour buckets.
 */
const HOUR_MS = 3_600_000;
const SLOT_MS = 900_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets by zone, then by quarter hour since 1970. */
const offsets = new Map<string, Map<number, number>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(ms: number, timeZone: string) {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms))
    if (p.type !== "literal") out[p.type] = Number(p.value);
  return out as { year: number; month: number; day: number; hour: number; minute: number };
}

/** The zone's offset from UTC at `ms`, in ms; zones change offset only on quarter hours, so it is cached per quarter. */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const slot = Math.floor(ms / SLOT_MS);
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const cached = zone.get(slot);
  if (cached !== undefined) return cached;
  const p = parts(slot * SLOT_MS, timeZone);
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - slot * SLOT_MS;
  if (zone.size > 100_000) zone.clear();
  zone.set(slot, offset);
  return offset;
}

/** The instant the local hour holding `ms` began. */
export function hourStart(ms: number, timeZone: string): number {
  const offset = zoneOffsetMs(ms, timeZone);
  return Math.floor((ms + offset) / HOUR_MS) * HOUR_MS - offset;
}

/** The local date (YYYY-MM-DD) holding `ms`. */
export function localDay(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffsetMs(ms, timeZone)).toISOString().slice(0, 10);
}

export function isTimeZone(value: string): boolean {
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

export { HOUR_MS };

/** The instant the local day `day` (YYYY-MM-DD) begins in the zone. */
export function localDayStart(day: string, timeZone: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // The offset at midnight may differ from the offset a day's guess lands on (a change that day): look twice.
  let at = wall - zoneOffsetMs(wall, timeZone);
  at = wall - zoneOffsetMs(at, timeZone);
  return at;
}
