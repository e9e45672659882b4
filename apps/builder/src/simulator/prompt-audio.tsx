import { ASSET_URL_SCHEME } from "@ringflow/flow-schema";
import { useQuery } from "@tanstack/react-query";
import { trpc } from "../api/trpc.ts";

/** The file of an uploaded prompt (`asset:<id>`), null for a prompt played from a web address. */
export const assetIdOf = (url: string) =>
  url.startsWith(ASSET_URL_SCHEME) ? url.slice(ASSET_URL_SCHEME.length) : null;

/**
 * A prompt the flow played, as a player in the test call's transcript: an uploaded file through the
 * workspace's short-lived signed link (asked for again when it is about to expire), a web address as is.
 */
export function PromptAudio({ url }: { url: string }) {
  const assetId = assetIdOf(url);
  const files = useQuery({
    queryKey: ["assets.list"],
    queryFn: () => trpc.assets.list.query(),
    enabled: assetId !== null,
    // The links last ten minutes: fresh ones well before that.
    staleTime: 5 * 60_000,
    refetchInterval: 5 * 60_000,
  });
  if (assetId === null)
    return <audio className="prompt-audio" controls preload="none" src={url} aria-label={`Play ${url}`} />;
  const file = files.data?.find((f) => f.id === assetId);
  if (!file)
    return (
      <span className="muted small">
        {files.isPending ? "Finding the audio file…" : "This audio file was removed from the workspace."}
      </span>
    );
  return (
    <span className="prompt-audio">
      <span className="small">{file.name}</span>
      <audio controls preload="none" src={file.listenUrl} aria-label={`Play ${file.name}`} />
    </span>
  );
}
