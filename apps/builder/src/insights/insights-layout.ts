import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { z } from "zod";
import { trpc } from "../api/trpc.ts";

/** Whether Insights are on, and whether their panel is folded away (the counts stay on the canvas). */
const layoutSchema = z.object({ on: z.boolean(), collapsed: z.boolean() });
export type InsightsLayout = z.infer<typeof layoutSchema>;

const OFF: InsightsLayout = { on: false, collapsed: false };
const keyOf = (userId: string) => `ringflow:insights-layout:${userId}`;

function read(userId: string | undefined): InsightsLayout {
  if (!userId) return OFF;
  try {
    const parsed = layoutSchema.safeParse(JSON.parse(localStorage.getItem(keyOf(userId)) ?? "null"));
    return parsed.success ? parsed.data : OFF;
  } catch {
    return OFF;
  }
}

/** The Insights layout as this person left it, in this browser (each person who signs in here has their own). */
export function useInsightsLayout(): [InsightsLayout, (next: InsightsLayout) => void] {
  const me = useQuery({ queryKey: ["auth.me"], queryFn: () => trpc.auth.me.query(), staleTime: 60_000 });
  const userId = me.data?.user.id;
  const [state, setState] = useState<{ userId: string | undefined; layout: InsightsLayout }>(() => ({
    userId,
    layout: read(userId),
  }));
  // Read again once it is known who is signed in.
  const current = state.userId === userId ? state.layout : read(userId);
  const set = useCallback(
    (layout: InsightsLayout) => {
      setState({ userId, layout });
      if (userId) localStorage.setItem(keyOf(userId), JSON.stringify(layout));
    },
    [userId],
  );
  return [current, set];
}
