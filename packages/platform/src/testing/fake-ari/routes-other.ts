import * as z from "zod";
import { controlPlayback, playback, stopPlayback } from "./playbacks.ts";
import { liveRecording, pauseRecording, RECORDING_CONTENT_TYPES, stopRecording } from "./recordings.ts";
import { act, ok, type Route, type RouteContext } from "./rest-context.ts";
import { liveRecordingJson, playbackJson } from "./snapshots.ts";
import { asteriskTime } from "./time.ts";
import { AriError, type StoredRecording, type World } from "./world.ts";

const DEFAULT_ENDPOINTS = [
  { technology: "PJSIP", resource: "6001", state: "online" as const },
  { technology: "PJSIP", resource: "6002", state: "online" as const },
];

function endpoints(world: World) {
  return (world.options.endpoints ?? DEFAULT_ENDPOINTS).map((e) => ({
    technology: e.technology,
    resource: e.resource,
    state: e.state ?? "online",
    channel_ids: [...world.channels.values()]
      .filter((ch) => ch.name.startsWith(`${e.technology}/${e.resource}-`))
      .map((ch) => ch.id),
  }));
}

function applicationJson(world: World, name: string) {
  const app = world.hub.apps.get(name);
  if (!app) throw new AriError(404, "Application not found");
  const of = (scheme: string) =>
    [...app.sources].filter((s) => s.startsWith(`${scheme}:`)).map((s) => s.slice(scheme.length + 1));
  return {
    name,
    channel_ids: of("channel"),
    bridge_ids: of("bridge"),
    endpoint_ids: of("endpoint"),
    device_names: of("deviceState"),
    events_allowed: app.allowed,
    events_disallowed: app.disallowed,
  };
}

/**
 * PUT /applications/{name}/eventFilter as Asterisk 22 takes it (res/stasis/app.c): the body is the filter. An
 * empty body resets both lists; a list given replaces that list; a list not given is left as it is. A list
 * that is not an array, or an entry without a type, is refused with 400.
 */
const FILTER_LISTS = ["disallowed", "allowed"] as const;
/** A filter list: entries naming an event type (other fields are not kept). */
const filterList = z.array(z.object({ type: z.string().min(1) }));

/** The lists a filter body sets: an object names them (an empty one resets both); anything else is both lists. */
function filterLists(body: unknown): Partial<Record<(typeof FILTER_LISTS)[number], unknown>> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { disallowed: body ?? [], allowed: body ?? [] };
  if (Object.keys(body).length === 0) return { disallowed: [], allowed: [] };
  return Object.fromEntries(
    FILTER_LISTS.filter((kind) => kind in body).map((kind) => [
      kind,
      (body as Record<string, unknown>)[kind],
    ]),
  );
}

function setEventFilter(c: RouteContext, body: unknown) {
  const name = c.path.applicationName as string;
  applicationJson(c.world, name);
  const app = c.world.hub.app(name);
  const given = filterLists(body);
  // In Asterisk's order: a bad allowed list leaves a good disallowed list set.
  for (const kind of FILTER_LISTS) {
    if (!(kind in given)) continue;
    const list = filterList.safeParse(given[kind]);
    if (!list.success) throw new AriError(400, "Invalid format definition");
    app[kind] = list.data;
  }
  return ok(applicationJson(c.world, name));
}

/** Checks each eventSource of a (un)subscription: a known scheme (else 400) naming something that exists (else 422). */
function eventSources(c: RouteContext): string[] {
  const sources = c.list("eventSource");
  for (const source of sources) {
    const [scheme, ...rest] = source.split(":");
    const id = rest.join(":");
    const exists: Record<string, () => boolean> = {
      channel: () => c.world.channels.has(id),
      bridge: () => c.world.bridges.has(id),
      endpoint: () =>
        endpoints(c.world).some((e) => `${e.technology}/${e.resource}` === id || e.technology === id),
      deviceState: () => id.length > 0,
    };
    const check = exists[scheme ?? ""];
    if (!check) throw new AriError(400, "Invalid event source URI scheme");
    if (!check()) throw new AriError(422, "Event source does not exist");
  }
  return sources;
}

function stored(world: World, name: string): StoredRecording {
  const found = world.stored.get(name);
  if (!found) throw new AriError(404, "Recording not found");
  return found;
}

const storedJson = (recording: StoredRecording) => ({ name: recording.name, format: recording.format });

function asteriskInfo(world: World) {
  return {
    build: {
      os: "Linux",
      kernel: "6.1.0",
      options: "",
      machine: "x86_64",
      date: "2026-01-01 00:00:00 UTC",
      user: "root",
    },
    system: { version: "22.10.1", entity_id: world.asteriskId },
    config: { name: "", default_language: "en", setid: { user: "asterisk", group: "asterisk" } },
    status: { startup_time: world.startupTime, last_reload_time: world.startupTime },
  };
}

export const playbackRoutes: Record<string, Route> = {
  get: (c) => ok(playbackJson(playback(c.world, c.path.playbackId as string))),
  stop: act((c) => stopPlayback(c.world, playback(c.world, c.path.playbackId as string))),
  control: act((c) =>
    controlPlayback(c.world, playback(c.world, c.path.playbackId as string), c.text("operation") as string),
  ),
};

const live = (c: RouteContext) => liveRecording(c.world, c.path.recordingName as string);

export const recordingRoutes: Record<string, Route> = {
  listStored: (c) => ok([...c.world.stored.values()].map(storedJson)),
  getStored: (c) => ok(storedJson(stored(c.world, c.path.recordingName as string))),
  deleteStored: act((c) => c.world.stored.delete(stored(c.world, c.path.recordingName as string).name)),
  getStoredFile: (c) => {
    const recording = stored(c.world, c.path.recordingName as string);
    const contentType = RECORDING_CONTENT_TYPES[recording.format] ?? "application/octet-stream";
    return { status: 200, file: { contentType, data: recording.data } };
  },
  copyStored: (c) => {
    const source = stored(c.world, c.path.recordingName as string);
    const name = c.text("destinationRecordingName") as string;
    if (c.world.stored.has(name))
      throw new AriError(409, "A recording with the same name already exists on the system");
    const copy = { ...source, name };
    c.world.stored.set(name, copy);
    return ok(storedJson(copy));
  },
  getLive: (c) => ok(liveRecordingJson(live(c))),
  cancel: act((c) => stopRecording(c.world, live(c), "canceled")),
  stop: act((c) => stopRecording(c.world, live(c), "done")),
  pause: act((c) => pauseRecording(live(c), true)),
  unpause: act((c) => pauseRecording(live(c), false)),
  mute: act((c) => (live(c).muted = true)),
  unmute: act((c) => (live(c).muted = false)),
};

export const applicationRoutes: Record<string, Route> = {
  list: (c) => ok([...c.world.hub.apps.keys()].map((name) => applicationJson(c.world, name))),
  get: (c) => ok(applicationJson(c.world, c.path.applicationName as string)),
  filter: (c) => setEventFilter(c, c.body),
  subscribe: (c) => {
    const name = c.path.applicationName as string;
    applicationJson(c.world, name);
    for (const source of eventSources(c)) c.world.hub.subscribe(name, source);
    return ok(applicationJson(c.world, name));
  },
  unsubscribe: (c) => {
    const name = c.path.applicationName as string;
    applicationJson(c.world, name);
    const app = c.world.hub.app(name);
    const sources = eventSources(c);
    if (sources.some((s) => !app.sources.has(s)))
      throw new AriError(409, "Application not subscribed to event source");
    for (const source of sources) app.sources.delete(source);
    return ok(applicationJson(c.world, name));
  },
};

export const asteriskRoutes: Record<string, Route> = {
  getInfo: (c) => {
    const info = asteriskInfo(c.world);
    const only = c.list("only");
    return ok(
      only.length ? Object.fromEntries(Object.entries(info).filter(([k]) => only.includes(k))) : info,
    );
  },
  ping: (c) => ok({ asterisk_id: c.world.asteriskId, ping: "pong", timestamp: asteriskTime() }),
};

export const endpointRoutes: Record<string, Route> = {
  list: (c) => ok(endpoints(c.world)),
  listByTech: (c) => {
    const found = endpoints(c.world).filter((e) => e.technology === c.path.tech);
    if (!found.length) throw new AriError(404, "Endpoints not found");
    return ok(found);
  },
  get: (c) => {
    const found = endpoints(c.world).find(
      (e) => e.technology === c.path.tech && e.resource === c.path.resource,
    );
    if (!found) throw new AriError(404, "Endpoint not found");
    return ok(found);
  },
};

const soundJson = (id: string) => ({ id, text: "", formats: [{ language: "en", format: "gsm" }] });

export const soundRoutes: Record<string, Route> = {
  list: (c) => ok([...c.world.sounds].filter((id) => !id.startsWith("http")).map(soundJson)),
  get: (c) => {
    if (!c.world.sounds.has(c.path.soundId as string)) throw new AriError(404, "Sound not found");
    return ok(soundJson(c.path.soundId as string));
  },
};
