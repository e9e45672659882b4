import type { Route } from "./rest-context.ts";
import { bridgeRoutes } from "./routes-bridges.ts";
import { channelRoutes } from "./routes-channels.ts";
import {
  applicationRoutes,
  asteriskRoutes,
  endpointRoutes,
  playbackRoutes,
  recordingRoutes,
  soundRoutes,
} from "./routes-other.ts";

/**
 * The operations the fake simulates, by resource file and nickname as the description names them
 * ("channels" → "answer"). An operation the description has and this table lacks answers 501 and is reported.
 */
export const REST_ROUTES: Record<string, Record<string, Route>> = {
  channels: channelRoutes,
  bridges: bridgeRoutes,
  playbacks: playbackRoutes,
  recordings: recordingRoutes,
  applications: applicationRoutes,
  asterisk: asteriskRoutes,
  endpoints: endpointRoutes,
  sounds: soundRoutes,
};
