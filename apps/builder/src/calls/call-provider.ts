import type { RouterOutputs } from "../api/trpc.ts";

type CallRow = RouterOutputs["calls"]["list"]["calls"][number];

const PROVIDER_LABEL: Record<CallRow["provider"], string> = {
  TWILIO: "Twilio",
  ASTERISK: "Asterisk",
  SIGNALWIRE: "SignalWire",
  TELNYX: "Telnyx",
  SIMULATOR: "Test call",
};

/** Which way a call came: "Twilio", "Asterisk", or "Test call" (the builder's, whichever number it tried). */
export const callProviderLabel = (call: Pick<CallRow, "provider" | "test">) =>
  call.test ? "Test call" : PROVIDER_LABEL[call.provider];
