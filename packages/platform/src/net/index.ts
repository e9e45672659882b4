export { AllowList, allowListEnvSchema } from "./allow-list.ts";
export {
  OutboundGuard,
  OutboundRefusedError,
  type OutboundGuardOptions,
  type OutboundRequest,
  type OutboundResponse,
  type RefusalReason,
  type ResolveHost,
  type ResolvedAddress,
} from "./outbound-guard.ts";
export { specialPurposeOf } from "./special-ranges.ts";
