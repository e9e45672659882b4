import { useQuery } from "@tanstack/react-query";
import { trpc } from "../api/trpc.ts";

/** Whether the signed-in person may listen to recordings (and so read and search transcripts) here. */
export function useMayListen(): boolean {
  const me = useQuery({ queryKey: ["auth.me"], queryFn: () => trpc.auth.me.query(), staleTime: 60_000 });
  return me.data?.permissions.includes("recordings.download") ?? false;
}
