import type { NodeKind } from "@ringflow/flow-schema";
import { businessHoursStep } from "./business-hours.ts";
import { collectStep } from "./collect.ts";
import { enqueueStep } from "./enqueue.ts";
import { hangupStep } from "./hangup.ts";
import { httpRequestStep } from "./http-request.ts";
import { languageSelectStep } from "./language-select.ts";
import { menuStep } from "./menu.ts";
import { playStep } from "./play.ts";
import { recordingConsentStep } from "./recording-consent.ts";
import { sayStep } from "./say.ts";
import { sendSmsStep } from "./send-sms.ts";
import { setVariablesStep } from "./set-variables.ts";
import { splitStep } from "./split.ts";
import { startStep } from "./start.ts";
import { startRecordingStep } from "./start-recording.ts";
import { stopRecordingStep } from "./stop-recording.ts";
import { subflowStep } from "./subflow.ts";
import { transferStep } from "./transfer.ts";
import { voicemailStep } from "./voicemail.ts";
import type { StepDefinition } from "./types.ts";

/** One step per node kind; a kind added to the catalog without a step here does not compile. */
export const steps: { [K in NodeKind]: StepDefinition<K> } = {
  start: startStep,
  say: sayStep,
  play: playStep,
  menu: menuStep,
  collect: collectStep,
  languageSelect: languageSelectStep,
  split: splitStep,
  setVariables: setVariablesStep,
  businessHours: businessHoursStep,
  httpRequest: httpRequestStep,
  sendSms: sendSmsStep,
  transfer: transferStep,
  enqueue: enqueueStep,
  voicemail: voicemailStep,
  recordingConsent: recordingConsentStep,
  startRecording: startRecordingStep,
  stopRecording: stopRecordingStep,
  subflow: subflowStep,
  hangup: hangupStep,
};
