import type { TwilioRestClient } from "./rest-client.ts";

/** The call's conference: its name (`call-<id>`), and the carrier's id for it once known. */
export interface ConferenceRef {
  name: string;
  sid: string | null;
}

/** A party of the conference: its label, and its leg's call id where Ringflow knows it. */
export interface ConferenceParty {
  label: string;
  callSid: string | null;
}

/** A new leg rung into the conference (an agent, a consultation, a supervisor, a callback's number). */
export interface ConferenceLeg {
  from: string;
  to: string;
  label: string;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  earlyMedia?: boolean;
  timeoutSeconds?: number;
  statusCallback?: string;
  statusCallbackEvent?: string[];
  muted?: boolean;
  coaching?: boolean;
  callSidToCoach?: string;
}

export interface PartyChange {
  hold?: boolean;
  /** What a held party hears (fetched with GET). */
  holdUrl?: string;
  muted?: boolean;
  coaching?: boolean;
  callSidToCoach?: string;
  endConferenceOnExit?: boolean;
}

export type RecordingStatus = "stopped" | "paused" | "in-progress";

/**
 * What queue delivery and the desktop's call controls ask of a carrier during a call, in neutral words: each
 * TwiML carrier translates it to its REST API (Twilio's SDK, SignalWire's LaML, Telnyx's TeXML). A carrier
 * error carries the HTTP `status` (a 404: the party is not in the conference).
 */
export interface ConferenceRest {
  addLeg(
    conference: ConferenceRef,
    leg: ConferenceLeg,
  ): Promise<{ callSid: string | null; conferenceSid: string | null }>;
  updateParty(conference: ConferenceRef, party: ConferenceParty, change: PartyChange): Promise<void>;
  removeParty(conference: ConferenceRef, party: ConferenceParty): Promise<void>;
  /** The call fetches its next instructions from `url` (POST). */
  redirect(callSid: string, url: string): Promise<void>;
  endCall(callSid: string): Promise<void>;
  /** Absent: the carrier cannot start recording a call in progress. */
  startRecording?(callSid: string, statusCallback: string): Promise<void>;
  /** Absent: the carrier cannot stop, pause or resume the recording of a call in progress. */
  changeRecording?(callSid: string, status: RecordingStatus): Promise<void>;
}

const RECORDING_EVENTS = ["in-progress", "completed", "absent"];

/** Twilio's conference and call resources through its SDK, the participants addressed by label. */
export function twilioConferenceRest(client: TwilioRestClient): ConferenceRest {
  const conferenceOf = (conference: ConferenceRef) => client.conferences(conference.sid ?? conference.name);
  return {
    async addLeg(conference, leg) {
      const participant = await conferenceOf(conference).participants.create({
        from: leg.from,
        to: leg.to,
        label: leg.label,
        startConferenceOnEnter: leg.startConferenceOnEnter,
        endConferenceOnExit: leg.endConferenceOnExit,
        beep: "false",
        ...(leg.earlyMedia !== undefined ? { earlyMedia: leg.earlyMedia } : {}),
        ...(leg.timeoutSeconds !== undefined ? { timeout: leg.timeoutSeconds } : {}),
        ...(leg.statusCallback
          ? {
              statusCallback: leg.statusCallback,
              statusCallbackMethod: "POST",
              statusCallbackEvent: leg.statusCallbackEvent ?? ["completed"],
            }
          : {}),
        ...(leg.muted !== undefined ? { muted: leg.muted } : {}),
        ...(leg.coaching !== undefined ? { coaching: leg.coaching } : {}),
        ...(leg.callSidToCoach ? { callSidToCoach: leg.callSidToCoach } : {}),
      });
      return { callSid: participant.callSid ?? null, conferenceSid: participant.conferenceSid ?? null };
    },
    async updateParty(conference, party, change) {
      const { holdUrl, ...rest } = change;
      await conferenceOf(conference)
        .participants(party.label)
        .update({ ...rest, ...(holdUrl ? { holdUrl, holdMethod: "GET" } : {}) });
    },
    async removeParty(conference, party) {
      await conferenceOf(conference).participants(party.label).remove();
    },
    async redirect(callSid, url) {
      await client.calls(callSid).update({ url, method: "POST" });
    },
    async endCall(callSid) {
      await client.calls(callSid).update({ status: "completed" });
    },
    async startRecording(callSid, statusCallback) {
      await client.calls(callSid).recordings.create({
        recordingChannels: "dual",
        recordingStatusCallback: statusCallback,
        recordingStatusCallbackEvent: RECORDING_EVENTS,
      });
    },
    async changeRecording(callSid, status) {
      await client
        .calls(callSid)
        .recordings("Twilio.CURRENT")
        .update({ status, ...(status === "paused" ? { pauseBehavior: "silence" } : {}) });
    },
  };
}
