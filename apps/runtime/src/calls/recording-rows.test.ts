import { describe, expect, it } from "vitest";
import { single, testCall } from "../engine/test-kit.ts";
import { endedCall, type LiveCall } from "./call-record.ts";
import { callRecording, voicemailRecording } from "./recording-rows.ts";

/** A caller who picks Spanish (key 2), then leaves a message. */
const flow = single("languageSelect", undefined, {
  languages: { default: "en-US", supported: ["en-US", "es-MX"] },
  nodes: { message: ["voicemail", { mailbox: "ventas", transcribe: true }] },
  edges: [["node", "selected", "message"]],
});

function liveCall(state: LiveCall["state"]): LiveCall {
  return {
    ended: false,
    rev: 3,
    state,
    meta: {
      callId: "0b0c0d0e-0000-4000-8000-000000000001",
      tenantId: "0b0c0d0e-0000-4000-8000-000000000002",
      provider: "TWILIO",
      providerCallId: "CA01",
      providerAccountId: null,
      phoneNumberId: null,
      flowId: null,
      flowVersionId: null,
      subflowVersionIds: {},
      direction: "INBOUND",
      from: "+14155550100",
      to: "+14155550199",
      existingRow: false,
      test: false,
    },
    seq: 4,
    path: [],
    providerStatus: null,
    statusRank: 0,
    durationSeconds: null,
    lastAnswer: "",
    pendingHttp: null,
    mailbox: "ventas",
    consentRecordId: null,
  };
}

describe("recording rows carry the caller's language", () => {
  it("records a message in the language the caller chose, during the call and after it ended", () => {
    const call = testCall(flow);
    call.send({ type: "gather.result", digits: "2" });
    // The record command says it too (Twilio is then not asked for its English-only transcription).
    expect(call.commands.find((c) => c.type === "record")).toMatchObject({ language: "es-MX" });
    const live = liveCall(call.state);
    expect(voicemailRecording(live, "RE1", {}).language).toBe("es-MX");
    // Twilio's recording callback usually comes after the hangup: the ended record keeps the language.
    const ended = endedCall(live);
    expect(callRecording(ended, "RE2", { url: null, durationSeconds: 5, status: "AVAILABLE" })).toMatchObject(
      {
        kind: "call",
        language: "es-MX",
      },
    );
    // An ended record written before calls kept their language: none, and transcription uses the call's.
    const { language: _dropped, ...older } = ended;
    expect(voicemailRecording(older, "RE3", {}).language).toBeNull();
  });
});
