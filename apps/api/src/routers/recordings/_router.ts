import { router } from "../../trpc.ts";
import { createPlaybackLinkProcedure } from "./create-playback-link.ts";
import { listCallRecordingsProcedure } from "./list-call-recordings.ts";
import { listCopyAlertsProcedure } from "./list-copy-alerts.ts";

export const recordingsRouter = router({
  playbackLink: createPlaybackLinkProcedure,
  copyAlerts: listCopyAlertsProcedure,
  forCall: listCallRecordingsProcedure,
});
