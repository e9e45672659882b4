import type { FlowDocument } from "@ringflow/flow-schema";

/** The zone a test call's clock is read in, and why: the admin must know what "10:00" means. */
export interface ClockZone {
  zone: string;
  /** Says where the zone comes from, for the label. */
  source: string;
}

/** The flow's zone (its first Business hours block's), else this computer's. */
export function clockZoneOf(document: FlowDocument, browserZone: string): ClockZone {
  const hours = document.nodes.find(
    (n) => n.kind === "businessHours" && typeof n.params.timeZone === "string" && n.params.timeZone,
  );
  if (hours)
    return {
      zone: String(hours.params.timeZone),
      source: `the time zone of ${hours.label ? `“${hours.label}”` : "the Business hours block"}`,
    };
  return { zone: browserZone, source: "your computer's time zone (the flow has no business hours)" };
}

const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, "0");

/** Minutes `zone` is ahead of UTC at `instant`. */
function offsetMinutes(zone: string, instant: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** A `datetime-local` value ("2026-12-01T10:00") read in `zone`, as ISO 8601 with that zone's offset then. */
export function zonedIso(local: string, zone: string): string {
  const [date = "", time = "00:00"] = local.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [h, min] = time.split(":").map(Number);
  const asUtc = Date.UTC(y!, m! - 1, d!, h!, min!);
  // The offset at the guessed instant, corrected once for a change of offset (daylight saving) in between.
  let offset = offsetMinutes(zone, asUtc);
  offset = offsetMinutes(zone, asUtc - offset * 60_000);
  const sign = offset >= 0 ? "+" : "-";
  return `${date}T${time.slice(0, 5)}:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** Now in `zone`, as a `datetime-local` value. */
export function nowIn(zone: string, now = Date.now()): string {
  const shifted = new Date(now + offsetMinutes(zone, now) * 60_000);
  return shifted.toISOString().slice(0, 16);
}
