export { buildFlow, type FlowSpec } from "./build-flow.ts";
export { arbitraryFlow, arbitraryLegacyFlow, SAMPLE_FLOWS, toLegacyFormat } from "./arbitrary-flow.ts";
export { default as studioIvrFixture } from "../import/fixtures/ivr-dtmf-speech.json" with { type: "json" };
export { default as studioAccountFixture } from "../import/fixtures/account-functions.json" with { type: "json" };
export { studioCorpus } from "../import/fixtures/index.ts";
export { largeFlow } from "./large-flow.ts";
export {
  HOSTILE_REGEXES,
  HOSTILE_TEMPLATES,
  ORDINARY_CONTEXT,
  ORDINARY_REGEXES,
  ORDINARY_TEMPLATES,
} from "./hostile-tenant-code.ts";
