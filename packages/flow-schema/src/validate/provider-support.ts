import { portsOf } from "../catalog.ts";
import type { CallCommandType } from "../commands.ts";
import type { FlowDocument } from "../graph.ts";
import { nodeKindDefinition } from "../nodes/index.ts";
import type { Problem } from "./problem.ts";

/** The commands a provider's adapter cannot carry out, with the reason it gives. */
export type UnsupportedCommands = Partial<Record<CallCommandType, string>>;

/**
 * What each provider's adapter declares unsupported in its command table (`{ unsupported: reason }`); a test in
 * the runtime keeps this equal to the tables, so the API can tell a number's owner without loading adapters.
 */
export const PROVIDER_UNSUPPORTED: Record<
  "TWILIO" | "ASTERISK" | "SIGNALWIRE" | "TELNYX" | "DEMO" | "SIMULATOR",
  UnsupportedCommands
> = {
  TWILIO: {},
  // ARI controls calls only: Asterisk has no messaging service to send a text through.
  ASTERISK: { "sms.send": "an Asterisk PBX cannot send text messages" },
  // TwiML dialects: what a flow needs the carrier's REST API for during a call, besides queues, is not done (yet).
  SIGNALWIRE: {
    "recording.stop": "a recording cannot be stopped during a SignalWire call",
    "sms.send": "Ringflow does not send text messages through SignalWire",
  },
  TELNYX: {
    "recording.start": "Telnyx cannot start recording in the middle of a call",
    "recording.stop": "a recording cannot be stopped during a Telnyx call",
    "sms.send": "Ringflow does not send text messages through Telnyx",
  },
  DEMO: {},
  SIMULATOR: {},
};

/** How a block uses a setting its provider lacks: as its only way ("only"), or beside one that works ("also"). */
type SettingUse = "only" | "also" | null;

/** Listening for speech (menu, collect): only speech, or speech beside key presses. */
function speechInput(kind: string, params: Record<string, unknown>): SettingUse {
  const input = params.input;
  if (kind === "menu" && Array.isArray(input) && input.includes("speech"))
    return input.includes("dtmf") ? "also" : "only";
  if (kind === "collect") return input === "speech" ? "only" : input === "both" ? "also" : null;
  return null;
}

/**
 * Settings of a block a provider cannot carry out although it runs the block's commands: an Asterisk PBX
 * plays prompts and hears key presses but has no speech recognition.
 */
export const PROVIDER_UNSUPPORTED_SETTINGS: Partial<
  Record<
    keyof typeof PROVIDER_UNSUPPORTED,
    { uses(kind: string, params: Record<string, unknown>): SettingUse; reason: string; what: string }[]
  >
> = {
  ASTERISK: [
    {
      uses: speechInput,
      what: "answer by speaking",
      reason: "an Asterisk PBX has no speech recognition",
    },
  ],
};

/**
 * Commands the call session answers with a failure when the provider cannot carry them out (a text is "not
 * sent"), so the block leaves by its error exit instead of holding the caller.
 */
const FAILS_TO_ERROR_EXIT: readonly CallCommandType[] = ["sms.send"];

/** What a provider account cannot carry out, under the name its admins know it by. */
export interface ProviderSupport {
  label: string;
  unsupported: UnsupportedCommands;
  settings?: (typeof PROVIDER_UNSUPPORTED_SETTINGS)[keyof typeof PROVIDER_UNSUPPORTED_SETTINGS];
}

/** A provider account's support, from its kind and name; null for a kind no adapter runs. */
export function providerSupportOf(account: { kind: string; name: string }): ProviderSupport | null {
  if (!(account.kind in PROVIDER_UNSUPPORTED)) return null;
  const kind = account.kind as keyof typeof PROVIDER_UNSUPPORTED;
  return {
    label: account.name,
    unsupported: PROVIDER_UNSUPPORTED[kind],
    settings: PROVIDER_UNSUPPORTED_SETTINGS[kind] ?? [],
  };
}

/**
 * The blocks of a flow that callers on a provider's numbers cannot get past, as warnings for the number's
 * owner: the block, and what the provider says it cannot do.
 */
export function providerSupportProblems(document: FlowDocument, provider: ProviderSupport): Problem[] {
  const problems: Problem[] = [];
  for (const node of document.nodes) {
    const definition = nodeKindDefinition(node.kind);
    const name = node.label ?? definition?.label ?? node.id;
    for (const setting of provider.settings ?? []) {
      const use = setting.uses(node.kind, (node.params ?? {}) as Record<string, unknown>);
      if (!use) continue;
      problems.push({
        severity: "warning",
        code: "provider-unsupported",
        nodeId: node.id,
        message:
          use === "only"
            ? `Callers on ${provider.label} numbers cannot get past "${name}": it waits for callers to ${setting.what}, and ${setting.reason}. Let it take key presses instead.`
            : `On ${provider.label} numbers callers cannot ${setting.what} at "${name}" (${setting.reason}): they can only press keys.`,
      });
    }
    const command = (definition?.commands ?? []).find((c) => provider.unsupported[c]);
    if (!command) continue;
    const reason = provider.unsupported[command];
    const errorExit = portsOf(node).find((port) => port.role === "error");
    let message = `Callers on ${provider.label} numbers cannot get past "${name}": ${reason}.`;
    if (errorExit && FAILS_TO_ERROR_EXIT.includes(command)) {
      const connected = document.edges.some((e) => e.source === node.id && e.sourcePort === errorExit.id);
      message = `On ${provider.label} numbers "${name}" never does its work (${reason}): callers always leave by its "${errorExit.label}" exit${connected ? "" : ", which is not connected, so the call ends there"}.`;
    }
    problems.push({ severity: "warning", code: "provider-unsupported", nodeId: node.id, message });
  }
  return problems;
}
