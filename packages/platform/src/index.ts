export { createLogger, type Logger } from "./logger.ts";
export { createRedis, DEFAULT_REDIS_URL, type Redis } from "./redis.ts";
export { checkHealth, type Health, type HealthDeps } from "./health.ts";
export { readEnv } from "./env.ts";
export { serveUntilSignal } from "./serve.ts";
export { loggableUrl, logRequests, oneLineRequestLogging, type RequestLogOptions } from "./request-log.ts";
export {
  isSecretName,
  loggableDbError,
  MASK,
  maskBody,
  maskHeaders,
  maskText,
  maskUrl,
  maskValue,
  storableText,
} from "./mask.ts";
export * from "./net/index.ts";
export { noteSkippedSuite } from "./skip-note.ts";
export { goal, ms, percentile, sortedCopy, table } from "./bench-figures.ts";
export {
  ProviderHealth,
  HEALTH_WINDOW_MS,
  FAILURES_FOR_DOWN,
  type ProviderHealthReport,
  type ProviderStatus,
} from "./providers/provider-health.ts";
export {
  AriAnswerError,
  ariBase,
  ariHttp,
  AriHttpRefusedError,
  ariJson,
  ariOriginate,
  DEFAULT_OUTBOUND_DIAL,
  outboundEndpoint,
  sipEndpoint,
  type AriAccess,
  type AriHttpRequest,
  type AriOriginate,
} from "./providers/ari-http.ts";
export {
  failoverReason,
  isPhoneKind,
  MARKED_DOWN,
  placeWithFailover,
  type Placement,
  type PhoneKind,
  type PlacementAttempt,
} from "./providers/placement.ts";
export { monoPcmWav } from "./wav.ts";
