import { describe, expect, it } from "vitest";
import { PROVIDER_UNSUPPORTED } from "@ringflow/flow-schema";
import { unsupportedCommands, type CommandTable } from "../calls/command-table.ts";
import { ariCommands } from "./asterisk/ari-commands.ts";
import { simulatorCommands } from "./simulator/simulator-adapter.ts";
import { signalWireCommands, texmlCommands } from "./twilio/dialects.ts";
import { twimlCommands } from "./twilio/twiml.ts";

type ProviderKind = keyof typeof PROVIDER_UNSUPPORTED;

/** The command table each provider's calls run on in this runtime. Demo numbers answer test calls only. */
const tables: Partial<Record<ProviderKind, CommandTable<never>>> = {
  TWILIO: twimlCommands as CommandTable<never>,
  SIGNALWIRE: signalWireCommands as CommandTable<never>,
  TELNYX: texmlCommands as CommandTable<never>,
  ASTERISK: ariCommands as CommandTable<never>,
  SIMULATOR: simulatorCommands as CommandTable<never>,
  DEMO: simulatorCommands as CommandTable<never>,
};

describe("what each adapter cannot carry out", () => {
  it("is what validation tells number owners: the flow-schema registry equals the command tables", () => {
    for (const [kind, table] of Object.entries(tables))
      expect(PROVIDER_UNSUPPORTED[kind as ProviderKind], kind).toEqual(unsupportedCommands(table));
  });

  it("every provider has a table here; Asterisk (ARI) declares what it can never do: send texts", () => {
    const withoutTable = (Object.keys(PROVIDER_UNSUPPORTED) as ProviderKind[]).filter((k) => !tables[k]);
    expect(withoutTable).toEqual([]);
    expect(unsupportedCommands(ariCommands)).toEqual({
      "sms.send": "an Asterisk PBX cannot send text messages",
    });
  });

  it("the TwiML dialects differ from Twilio's table only where they say why", () => {
    for (const table of [signalWireCommands, texmlCommands])
      for (const [type, entry] of Object.entries(table))
        if (typeof entry === "function")
          expect(entry, type).toBe(twimlCommands[type as keyof typeof twimlCommands]);
    expect(Object.keys(unsupportedCommands(texmlCommands)).sort()).toEqual([
      "recording.start",
      "recording.stop",
      "sms.send",
    ]);
  });

  it("lists a command a table declares unsupported, with its reason", () => {
    expect(unsupportedCommands({ ...twimlCommands, "sms.send": { unsupported: "no messaging" } })).toEqual({
      "sms.send": "no messaging",
    });
  });
});
