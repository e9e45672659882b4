import type { FastifyHelmetOptions } from "@fastify/helmet";
import type { ApiConfig } from "./config.ts";

/**
 * Headers on every answer of the API's server (the builder's files included). Scripts only from our own
 * origin; the builder talks to the API, for test calls to the runtime's WebSocket, and the desktop's phone to
 * secure WebSockets; nobody frames it.
 */
export function securityHeaders(config: ApiConfig): FastifyHelmetOptions {
  const runtime = new URL(config.runtimePublicUrl);
  const runtimeWs = new URL(runtime);
  runtimeWs.protocol = runtime.protocol === "https:" ? "wss:" : "ws:";
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // wss: the desktop's browser phone registers to each workspace's own PBX (its address is the
        // workspace's setting, unknown when the page loads), and Twilio's browser phone uses wss too.
        connectSrc: ["'self'", runtime.origin, runtimeWs.origin, "wss:"],
        // The canvas positions nodes with inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        // The browser phone's tones come from this server (/phone-sounds), not from Twilio's sound host.
        mediaSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Plain-http deployments (npm start on 127.0.0.1) must not be told to upgrade.
        upgradeInsecureRequests: config.publicUrl.startsWith("https:") ? [] : null,
      },
    },
    frameguard: { action: "deny" },
    noSniff: true,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    // HSTS only where the builder is served over https.
    strictTransportSecurity: config.publicUrl.startsWith("https:")
      ? { maxAge: 15_552_000, includeSubDomains: true }
      : false,
  };
}
