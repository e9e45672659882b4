import { router } from "../../trpc.ts";
import { createPlaybackLinkProcedure } from "./create-playback-link.ts";
import { listCallRecordingsProcedure } from "./list-call-recordings.ts";
import { getTranscriptionEngineProcedure } from "./get-transcription-engine.ts";
import { listCopyAlertsProcedure } from "./list-copy-alerts.ts";
import { retryCopyProcedure } from "./retry-copy.ts";
import { setTranscriptionEngineProcedure } from "./set-transcription-engine.ts";
import { getRetentionProcedure } from "./get-retention.ts";
import { setLegalHoldProcedure } from "./set-legal-hold.ts";
import { setFlowRetentionProcedure, setRetentionProcedure } from "./set-retention.ts";

export const recordingsRouter = router({
  playbackLink: createPlaybackLinkProcedure,
  copyAlerts: listCopyAlertsProcedure,
  retryCopy: retryCopyProcedure,
  forCall: listCallRecordingsProcedure,
  transcriptionEngine: getTranscriptionEngineProcedure,
  setTranscriptionEngine: setTranscriptionEngineProcedure,
  retention: getRetentionProcedure,
  setLegalHold: setLegalHoldProcedure,
  setRetention: setRetentionProcedure,
  setFlowRetention: setFlowRetentionProcedure,
});
