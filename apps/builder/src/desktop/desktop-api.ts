import type { CallControlTarget } from "@ringflow/flow-schema";
import { trpc, type RouterInputs, type RouterOutputs } from "../api/trpc.ts";

/**
 * What the desktop asks the API for, in one place: mostly the API's `desktop` router. A part the API does
 * not offer yet rejects with `NotAvailableYet`, whose words the desktop shows instead of failing.
 */
export type HistoryCall = RouterOutputs["desktop"]["history"]["calls"][number];
export type MyAgent = RouterOutputs["agents"]["me"];
export type AgentChoice = RouterInputs["agents"]["setState"]["choice"];

export interface VoiceToken {
  token: string;
  /** The browser phone's client identity. */
  identity: string;
  expiresAt: number;
}

export interface Contact {
  id: string;
  name: string;
  numbers: { number: string; label: string }[];
}

export class NotAvailableYet extends Error {
  constructor(what: string) {
    super(`${what} is not available in this version of Ringflow yet.`);
  }
}

export const desktopApi = {
  myAgent: () => trpc.agents.me.query(),
  setState: (choice: AgentChoice) => trpc.agents.setState.mutate({ choice }),
  acceptOffer: (offerId: string) => trpc.desktop.acceptOffer.mutate({ offerId }),
  declineOffer: (offerId: string) => trpc.desktop.declineOffer.mutate({ offerId }),
  hold: (callId: string) => trpc.desktop.hold.mutate({ callId }),
  resume: (callId: string) => trpc.desktop.resume.mutate({ callId }),
  transfer: (callId: string, target: CallControlTarget) => trpc.desktop.transfer.mutate({ callId, target }),
  consult: (callId: string, target: Exclude<CallControlTarget, { kind: "queue" }>) =>
    trpc.desktop.consult.mutate({ callId, target }),
  completeConsult: (callId: string) => trpc.desktop.completeConsult.mutate({ callId }),
  returnConsult: (callId: string) => trpc.desktop.returnConsult.mutate({ callId }),
  addParty: (callId: string, target: Exclude<CallControlTarget, { kind: "queue" }>) =>
    trpc.desktop.addParty.mutate({ callId, target }),
  recordingState: (callId: string) => trpc.desktop.recordingState.query({ callId }),
  startRecording: (callId: string) => trpc.desktop.startRecording.mutate({ callId }),
  pauseRecording: (callId: string) => trpc.desktop.pauseRecording.mutate({ callId }),
  resumeRecording: (callId: string) => trpc.desktop.resumeRecording.mutate({ callId }),
  /** `callerAsked`: the caller asked not to be recorded; their consent is withdrawn for the call. */
  stopRecording: (callId: string, callerAsked: boolean) =>
    trpc.desktop.stopRecording.mutate({ callId, callerAsked }),
  hangUp: (callId: string, endCall: boolean) => trpc.desktop.hangUp.mutate({ callId, endCall }),
  /** The person added to the call leaves it; caller and agent go on. */
  dropThirdParty: (callId: string) => trpc.desktop.hangUp.mutate({ callId, party: "third-party" }),
  updateCall: (input: RouterInputs["desktop"]["updateCall"]) => trpc.desktop.updateCall.mutate(input),
  history: (number?: string) => trpc.desktop.history.query(number ? { number, limit: 50 } : { limit: 50 }),
  voiceToken: async (): Promise<VoiceToken> => {
    const minted = await trpc.desktop.token.mutate();
    return {
      token: minted.token,
      identity: minted.identity,
      expiresAt: new Date(minted.expiresAt).getTime(),
    };
  },
  /** The browser phone's registration on the workspace's Asterisk; null: the phone is Twilio's. */
  sipPhone: () => trpc.desktop.sipPhone.mutate(),
  /** The call's screen pop, rendered by the API: fields, the caller's path in words, script, outcomes. */
  screenPop: (callId: string) => trpc.desktop.screenPop.query({ callId }),
  contacts: async (search: string): Promise<Contact[]> => {
    const found = await trpc.contacts.list.query(
      search.trim() ? { search: search.trim(), limit: 50 } : { limit: 50 },
    );
    return found.map((c) => ({
      id: c.id,
      name: c.name,
      numbers: c.numbers.map((n) => ({ number: n.e164, label: n.label ?? "" })),
    }));
  },
  callerIds: async () =>
    (await trpc.desktop.callerIds.query()).map((n) => ({ number: n.e164, label: n.friendlyName ?? n.e164 })),
  /** Click-to-call: Twilio rings the agent first, then dials the number with the chosen caller ID. */
  placeCall: (to: string, from: string) => trpc.desktop.placeCall.mutate({ to, from }),
};

export type DesktopApi = typeof desktopApi;
