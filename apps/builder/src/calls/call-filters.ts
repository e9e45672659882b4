import type { RouterInputs } from "../api/trpc.ts";

/** What the Calls page's filter form holds: text as typed, dates as the date inputs give them (yyyy-mm-dd). */
export type CallFilterForm = {
  number: string;
  from: string;
  to: string;
  outcome: string;
  flowId: string;
  /** "all": real and test calls; "real": test calls hidden; "test": only test calls. */
  test: "all" | "real" | "test";
};

export const emptyFilters: CallFilterForm = {
  number: "",
  from: "",
  to: "",
  outcome: "",
  flowId: "",
  test: "all",
};

type ListInput = NonNullable<RouterInputs["calls"]["list"]>;

/** The API's list filters for a form: empty fields left out; the "to" day included (until the next midnight, local). */
export function filtersToQuery(form: CallFilterForm): Partial<ListInput> {
  const day = (value: string, plusDays = 0) => {
    const [y, m, d] = value.split("-").map(Number);
    return new Date(y!, m! - 1, d! + plusDays);
  };
  const number = form.number.trim();
  return {
    ...(number ? { number } : {}),
    ...(form.from ? { since: day(form.from) } : {}),
    ...(form.to ? { until: day(form.to, 1) } : {}),
    ...(form.outcome ? { outcome: form.outcome } : {}),
    ...(form.flowId ? { flowId: form.flowId } : {}),
    ...(form.test === "all" ? {} : { test: form.test === "test" }),
  };
}
