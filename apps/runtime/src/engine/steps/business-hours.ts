import { TZDate } from "@date-fns/tz";
import { weekdays } from "@ringflow/flow-schema";
import { next, type StepDefinition } from "./types.ts";

const pad = (n: number) => String(n).padStart(2, "0");

export const businessHoursStep: StepDefinition<"businessHours"> = {
  enter(ctx) {
    const p = ctx.params;
    // The clock comes from the event, the zone from the node: no Date.now(), no server time zone.
    const local = new TZDate(ctx.at, p.timeZone);
    const date = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
    const time = `${pad(local.getHours())}:${pad(local.getMinutes())}`;
    const day = weekdays[(local.getDay() + 6) % 7] as (typeof weekdays)[number];
    const where = `${day} ${date} ${time} ${p.timeZone}`;
    const holiday = p.holidays.find((h) => h.date === date);
    if (holiday) {
      ctx.setOutputs({ status: "holiday" });
      return next("holiday", `${where} is a holiday${holiday.label ? ` (${holiday.label})` : ""}`);
    }
    const open = p.weekly.some((r) => r.days.includes(day) && r.open <= time && time < r.close);
    ctx.setOutputs({ status: open ? "open" : "closed" });
    return next(open ? "open" : "closed", `${where} is ${open ? "within" : "outside"} business hours`);
  },
};
