import type { CommandTable } from "../../calls/command-table.ts";
import { twimlCommands, type Twiml } from "./twiml.ts";

/**
 * What SignalWire's LaML (cXML) and Telnyx's TeXML do differently from TwiML, as command tables over
 * Twilio's: the rest of each answer is the same TwiML. Queues reach these carriers' REST APIs through the
 * conference delivery (carriers/dialect-rest.ts); what a flow would need REST for besides (stopping a
 * recording, sending a text) is declared unsupported and validation tells the number's owner.
 */
const restless = (carrier: string) =>
  ({
    "recording.stop": { unsupported: `a recording cannot be stopped during a ${carrier} call` },
    "sms.send": { unsupported: `Ringflow does not send text messages through ${carrier}` },
  }) as const;

export const signalWireCommands: CommandTable<Twiml> = { ...twimlCommands, ...restless("SignalWire") };

export const texmlCommands: CommandTable<Twiml> = {
  ...twimlCommands,
  ...restless("Telnyx"),
  // TeXML has no <Start><Recording>: a call is recorded from the start by the application, or not at all.
  "recording.start": { unsupported: "Telnyx cannot start recording in the middle of a call" },
};

/** TeXML has no <Client>: an agent's browser or softphone is a Telnyx SIP credential, reached by SIP. */
export const telnyxSipAddress = (identity: string) =>
  identity.startsWith("sip:") ? identity : `sip:${identity}@sip.telnyx.com`;
