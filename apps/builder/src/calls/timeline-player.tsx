import { useQuery } from "@tanstack/react-query";
import { trpc } from "../api/trpc.ts";
import { Player } from "../recordings/call-recordings.tsx";
import { useMayListen } from "../recordings/may-listen.ts";

/** The player beside "Left a 34 s voicemail", for those who may listen (the same query as the Recordings section). */
export function TimelinePlayer({ callId, recordingId }: { callId: string; recordingId: string }) {
  const mayListen = useMayListen();
  const found = useQuery({
    queryKey: ["recordings.forCall", callId],
    queryFn: () => trpc.recordings.forCall.query({ callId }),
    enabled: mayListen,
  });
  const recording = found.data?.recordings.find((r) => r.id === recordingId);
  if (!recording) return null;
  return <Player recording={recording} />;
}
