import { describe, expect, it } from "vitest";
import { PROVIDER_UNSUPPORTED } from "@ringflow/flow-schema";
import { unsupportedCommands } from "../calls/command-table.ts";
import { simulatorCommands } from "./simulator/simulator-adapter.ts";
import { twimlCommands } from "./twilio/twiml.ts";

describe("what each adapter cannot carry out", () => {
  it("is what validation tells number owners: the flow-schema registry equals the command tables", () => {
    expect(PROVIDER_UNSUPPORTED.TWILIO).toEqual(unsupportedCommands(twimlCommands));
    expect(PROVIDER_UNSUPPORTED.SIMULATOR).toEqual(unsupportedCommands(simulatorCommands));
    // Demo numbers answer test calls only: the simulator's table.
    expect(PROVIDER_UNSUPPORTED.DEMO).toEqual(unsupportedCommands(simulatorCommands));
  });

  it("lists a command a table declares unsupported, with its reason", () => {
    expect(unsupportedCommands({ ...twimlCommands, "sms.send": { unsupported: "no messaging" } })).toEqual({
      "sms.send": "no messaging",
    });
  });
});
