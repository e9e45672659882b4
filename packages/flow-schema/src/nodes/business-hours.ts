import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: "Use 24-hour time, e.g. 09:00." });

const knownZones = new Map<string, boolean>();

/** Whether the runtime knows the IANA zone; remembered, as building a formatter to ask is slow. */
export function isTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
}

export const businessHoursNode = defineNodeKind({
  kind: "businessHours",
  version: 1,
  label: "Business hours",
  category: "logic",
  icon: "clock",
  description: "Branch on whether the call arrives during opening hours, outside them, or on a holiday.",
  params: z.object({
    timeZone: field(
      z.string().refine(isTimeZone, { error: "Unknown time zone." }).default("America/New_York"),
      {
        label: "Time zone",
        widget: "time-zone",
      },
    ),
    weekly: field(
      z
        .array(
          z
            .object({
              days: field(z.array(z.enum(weekdays)).min(1), { label: "Days", widget: "multiselect" }),
              open: field(time, { label: "Opens", widget: "time" }),
              close: field(time, { label: "Closes", widget: "time" }),
            })
            .refine((r) => r.open < r.close, {
              error: "Closing time must be after opening time.",
              path: ["close"],
            }),
        )
        .default([]),
      {
        label: "Weekly schedule",
        help: "Several ranges per day are allowed (e.g. a lunch break).",
        widget: "list",
      },
    ),
    holidays: field(
      z
        .array(
          z.object({
            date: field(z.iso.date(), { label: "Date", widget: "date" }),
            label: field(z.string().default(""), { label: "Name", widget: "text" }),
          }),
        )
        .default([]),
      { label: "Holidays", widget: "list" },
    ),
  }),
  initialParams: {
    timeZone: "America/New_York",
    weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "17:00" }],
  },
  summary: (params) =>
    `${params.timeZone}, ${params.weekly.length} weekly range${params.weekly.length === 1 ? "" : "s"}`,
  ports: [
    { id: "open", label: "Open" },
    { id: "closed", label: "Closed", description: "the call arrives outside opening hours" },
    { id: "holiday", label: "Holiday", description: "the call arrives on a listed holiday" },
  ],
  outputs: [{ name: "status", description: "open, closed or holiday." }],
  waits: false,
});
