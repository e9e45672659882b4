import type { ApiEnv } from "./env.ts";

/** What the API needs to know about where it and the runtime are reachable. */
export interface ApiConfig {
  /** The builder's and API's origin: the only Origin allowed to change things; decides Secure cookies. */
  publicUrl: string;
  /** Written into Twilio numbers' voice URL and status callback when they are bound. */
  runtimePublicUrl: string;
  /** Twilio's REST API base URL when not Twilio's own (tests, proxies). */
  twilioApiBaseUrl?: string;
  /** SignalWire's and Telnyx's REST base URLs when not their own (tests, proxies). */
  signalWireApiBaseUrl?: string;
  telnyxApiBaseUrl?: string;
  /** Written as the carriers' fallback voice URL when numbers are bound: a runtime in another region. */
  runtimeFallbackUrl?: string;
  /** Private or local networks (CIDR, host[:port]) Asterisk "Test connection" may reach: tenants' own PBXs. */
  pbxAllowNetworks?: string[];
  /** Private or local networks (CIDR, host[:port]) tenants' webhooks may reach; none by default. */
  webhookAllowNetworks?: string[];
}

type ConfigEnv = Pick<
  ApiEnv,
  "HOST" | "API_PORT" | "RUNTIME_PORT" | "PUBLIC_URL" | "RUNTIME_PUBLIC_URL" | "TWILIO_API_BASE_URL"
> &
  Partial<
    Pick<
      ApiEnv,
      | "PBX_ALLOW_NETWORKS"
      | "WEBHOOK_ALLOW_NETWORKS"
      | "SIGNALWIRE_API_BASE_URL"
      | "TELNYX_API_BASE_URL"
      | "RUNTIME_FALLBACK_URL"
    >
  >;

export function apiConfigFromEnv(env: ConfigEnv): ApiConfig {
  return {
    publicUrl: trimSlash(env.PUBLIC_URL ?? `http://${env.HOST}:${env.API_PORT}`),
    runtimePublicUrl: trimSlash(env.RUNTIME_PUBLIC_URL ?? `http://${env.HOST}:${env.RUNTIME_PORT}`),
    ...(env.TWILIO_API_BASE_URL ? { twilioApiBaseUrl: trimSlash(env.TWILIO_API_BASE_URL) } : {}),
    ...(env.SIGNALWIRE_API_BASE_URL ? { signalWireApiBaseUrl: trimSlash(env.SIGNALWIRE_API_BASE_URL) } : {}),
    ...(env.TELNYX_API_BASE_URL ? { telnyxApiBaseUrl: trimSlash(env.TELNYX_API_BASE_URL) } : {}),
    ...(env.RUNTIME_FALLBACK_URL ? { runtimeFallbackUrl: trimSlash(env.RUNTIME_FALLBACK_URL) } : {}),
    ...(env.PBX_ALLOW_NETWORKS?.length ? { pbxAllowNetworks: env.PBX_ALLOW_NETWORKS } : {}),
    ...(env.WEBHOOK_ALLOW_NETWORKS?.length ? { webhookAllowNetworks: env.WEBHOOK_ALLOW_NETWORKS } : {}),
  };
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");
