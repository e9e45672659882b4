import { router } from "../../trpc.ts";
import { callHistoryProcedure } from "./call-history.ts";
import { callControlProcedures } from "./control-call.ts";
import { createTokenProcedure, setTokenLifetimeProcedure, sipPhoneProcedure } from "./create-token.ts";
import { callerIdsProcedure, placeCallProcedure } from "./place-call.ts";
import { acceptOfferProcedure, declineOfferProcedure } from "./reply-to-offer.ts";
import { recordingStateProcedure, stopRecordingProcedure } from "./recording-control.ts";
import { screenPopProcedure } from "./screen-pop.ts";
import { updateCallProcedure } from "./update-call.ts";

export const desktopRouter = router({
  acceptOffer: acceptOfferProcedure,
  declineOffer: declineOfferProcedure,
  ...callControlProcedures,
  stopRecording: stopRecordingProcedure,
  recordingState: recordingStateProcedure,
  updateCall: updateCallProcedure,
  screenPop: screenPopProcedure,
  history: callHistoryProcedure,
  callerIds: callerIdsProcedure,
  placeCall: placeCallProcedure,
  token: createTokenProcedure,
  sipPhone: sipPhoneProcedure,
  setTokenLifetime: setTokenLifetimeProcedure,
});
