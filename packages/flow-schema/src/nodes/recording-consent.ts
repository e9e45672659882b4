import * as z from "zod";
import { TWO_PARTY_CONSENT_STATES } from "../consent.ts";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { dtmfKeySchema, promptSchema, promptSummary, seconds } from "./shared.ts";

export const recordingConsentNode = defineNodeKind({
  kind: "recordingConsent",
  version: 1,
  label: "Recording consent",
  category: "recording",
  icon: "shield-check",
  description:
    "Tell the caller the call may be recorded and, where the caller's state requires all-party consent, ask for it. " +
    "Recording never starts after Declined.",
  params: z.object({
    announcement: promptSchema,
    requirement: field(z.enum(["byCallerState", "always"]).default("byCallerState"), {
      label: "Consent required",
      widget: "select",
      optionLabels: {
        byCallerState: "For callers from all-party consent states (and unknown states)",
        always: "For every caller",
      },
    }),
    allPartyStates: field(z.array(z.string().regex(/^[A-Z]{2}$/)).default([...TWO_PARTY_CONSENT_STATES]), {
      label: "All-party consent states",
      help: "US state codes. Pre-filled with the states commonly listed as requiring every party's consent.",
      widget: "tags",
    }),
    askToAgree: field(z.boolean().default(false), {
      label: "Ask to press a key to agree",
      help: "Off: staying on the line after the announcement counts as consent.",
      widget: "toggle",
    }),
    agreeKey: field(dtmfKeySchema.default("1"), { label: "Key to agree", widget: "dtmf-key" }),
    timeoutSeconds: seconds("Wait for the key", 5, 60),
    announceWhenNotRequired: field(z.boolean().default(true), {
      label: "Announce even when not required",
      widget: "toggle",
    }),
  }),
  initialParams: {
    announcement: { type: "say", text: { "en-US": "This call may be recorded for quality purposes." } },
  },
  summary: (params) => promptSummary(params.announcement),
  ports: [
    { id: "consented", label: "Consented", description: "consent was given or is not required" },
    { id: "declined", label: "Declined", description: "the caller did not agree; recording stays off" },
  ],
  outputs: [{ name: "status", description: "granted, not-required or declined." }],
  commands: ["gather"],
  waits: (params) => params.askToAgree,
});
