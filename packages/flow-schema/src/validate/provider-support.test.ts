import { describe, expect, it } from "vitest";
import { nodeCatalog } from "../nodes/index.ts";
import { buildFlow } from "../testing/index.ts";
import { validateFlow } from "./index.ts";
import {
  PROVIDER_UNSUPPORTED,
  PROVIDER_UNSUPPORTED_SETTINGS,
  providerSupportOf,
  providerSupportProblems,
} from "./provider-support.ts";

const flow = buildFlow({
  nodes: {
    start: ["start"],
    text: ["sendSms", { recipient: { type: "caller" }, body: "Hi" }],
    bye: ["hangup", {}],
  },
  edges: [
    ["start", "inbound", "text"],
    ["text", "sent", "bye"],
    ["text", "failed", "bye"],
  ],
});

describe("provider support", () => {
  it("names the blocks a provider's adapter declares it cannot carry out, with its reason", () => {
    const menu = buildFlow({
      nodes: { start: ["start"], ask: ["menu"] },
      edges: [["start", "inbound", "ask"]],
    });
    expect(
      providerSupportProblems(menu, {
        label: "Old PBX",
        unsupported: { gather: "it cannot hear key presses" },
      }),
    ).toEqual([
      {
        severity: "warning",
        code: "provider-unsupported",
        nodeId: "ask",
        message: 'Callers on Old PBX numbers cannot get past "Menu": it cannot hear key presses.',
      },
    ]);
    expect(
      providerSupportProblems(flow, { label: "Twilio", unsupported: PROVIDER_UNSUPPORTED.TWILIO }),
    ).toEqual([]);
  });

  it("says in words that a provider without messaging never sends a text, and where callers go instead", () => {
    const asterisk = { label: "Office PBX", unsupported: PROVIDER_UNSUPPORTED.ASTERISK };
    expect(providerSupportProblems(flow, asterisk)).toEqual([
      {
        severity: "warning",
        code: "provider-unsupported",
        nodeId: "text",
        message:
          'On Office PBX numbers "Send a text" never does its work (an Asterisk PBX cannot send text messages): callers always leave by its "Not sent" exit.',
      },
    ]);
    const unconnected = { ...flow, edges: flow.edges.filter((e) => e.sourcePort !== "failed") };
    expect(providerSupportProblems(unconnected, asterisk)[0]?.message).toMatch(
      /leave by its "Not sent" exit, which is not connected, so the call ends there\.$/,
    );
  });

  it("says that callers on a PBX without speech recognition cannot answer by speaking", () => {
    const menuParams = nodeCatalog.menu.initialParams;
    const collectParams = nodeCatalog.collect.initialParams;
    const listening = buildFlow({
      nodes: {
        start: ["start"],
        both: ["menu", { ...menuParams, input: ["dtmf", "speech"] }],
        keys: ["menu", { ...menuParams, input: ["dtmf"] }],
        spoken: ["collect", { ...collectParams, input: "speech" }],
        either: ["collect", { ...collectParams, input: "both" }],
        digits: ["collect", { ...collectParams, input: "dtmf" }],
      },
      edges: [["start", "inbound", "both"]],
    });
    const asterisk = {
      label: "Office PBX",
      unsupported: PROVIDER_UNSUPPORTED.ASTERISK,
      settings: PROVIDER_UNSUPPORTED_SETTINGS.ASTERISK,
    };
    expect(providerSupportProblems(listening, asterisk).map((p) => [p.nodeId, p.message])).toEqual([
      [
        "both",
        'On Office PBX numbers callers cannot answer by speaking at "Menu" (an Asterisk PBX has no speech recognition): they can only press keys.',
      ],
      [
        "spoken",
        'Callers on Office PBX numbers cannot get past "Collect input": it waits for callers to answer by speaking, and an Asterisk PBX has no speech recognition. Let it take key presses instead.',
      ],
      [
        "either",
        'On Office PBX numbers callers cannot answer by speaking at "Collect input" (an Asterisk PBX has no speech recognition): they can only press keys.',
      ],
    ]);
    expect(
      providerSupportProblems(listening, { label: "Twilio", unsupported: PROVIDER_UNSUPPORTED.TWILIO }),
    ).toEqual([]);
  });

  it("is part of a flow's validation for the accounts of the numbers answering with it", () => {
    const recorded = buildFlow({
      nodes: { start: ["start"], record: ["startRecording"], bye: ["hangup", {}] },
      edges: [
        ["start", "inbound", "record"],
        ["record", "next", "bye"],
      ],
    });
    const telnyx = providerSupportOf({ kind: "TELNYX", name: "Telnyx main" })!;
    const signalWire = providerSupportOf({ kind: "SIGNALWIRE", name: "SignalWire" })!;
    const warned = (providers: NonNullable<ReturnType<typeof providerSupportOf>>[]) =>
      validateFlow(recorded, { providers })
        .filter((p) => p.code === "provider-unsupported")
        .map((p) => [p.nodeId, p.message]);
    expect(warned([])).toEqual([]);
    expect(warned([signalWire, telnyx])).toEqual([
      [
        "record",
        'Callers on Telnyx main numbers cannot get past "Start recording": Telnyx cannot start recording in the middle of a call.',
      ],
    ]);
    expect(providerSupportOf({ kind: "FAX", name: "Old fax" })).toBeNull();
  });
});
