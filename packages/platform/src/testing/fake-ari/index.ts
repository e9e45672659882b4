/**
 * A fake Asterisk 22 for tests, generated from Asterisk's own ARI description (../../../../../shared/asterisk-ari):
 *
 *   const ari = await startFakeAri({ username, password, app: "ringflow" });   // defaults: ringflow / ari-secret
 *   const client = await Ari.connect(ari.url, ari.username, ari.password);     // the real ari-client package
 *   await client.start("ringflow");
 *   const channelId = ari.callIn({ exten: "100", callerNumber: "6001" });      // → StasisStart (state Ring)
 *   …
 *   expect(ari.problems()).toEqual([]);                                        // at the end of every test
 *
 * REST: every request is checked against the description (path template, method, parameter names, required,
 * types, allowable values). One the description does not allow answers as Asterisk's router would (404 unknown
 * path, 405 wrong method, 400 bad parameters; a real Asterisk ignores unknown parameter names, the fake refuses
 * them so a test notices) and is kept in problems(). A described operation the fake does not simulate answers
 * 501 and is kept in problems() too. `requests` logs each one as {method, path under /ari, query (no api_key),
 * body, operation: "channels.play", status}, the events WebSocket connects included (path "/events").
 * Events: every event is checked against events.json before it is sent; a violation goes into problems().
 * `events()` lists what was sent to which application; `nextEvent(type, match?, since?)` and
 * `nextRequest(match, since?)` resolve with the first one that matches (already there or still to come).
 *
 * Behaviour (the facts in shared/asterisk-ari/README.md, and what Asterisk 22's own code does: res_stasis,
 * res_stasis_playback, res_stasis_recording, resource_channels, main/dial.c, main/channel.c):
 * - callIn → StasisStart; answer → ChannelStateChange Up. play → 201 queued (a second play on the same channel
 *   queues behind the first), then Asterisk's loop over its media (res_stasis_playback): PlaybackStarted for each
 *   medium; it plays `playbackMs` (default 50), fails (an unknown `sound:` name, i.e. not in `sounds`, default
 *   DEFAULT_SOUNDS; a `sound:http(s)://…` that cannot be fetched: not 2xx, or neither an audio content type nor a
 *   known extension; `mediaFetches()` lists the fetches, `fetchMedia: false` skips them) or is skipped without a
 *   final update (an unsupported scheme such as a bare `http://…`, a missing `recording:`, a bad `number:`);
 *   between media PlaybackContinuing; after the last PlaybackFinished (done, or failed when it failed). A skipped
 *   last medium never sends PlaybackFinished (the README saw no event at all for a bare http URI; Asterisk's
 *   loop publishes PlaybackStarted before it skips the scheme, so the fake sends that one). DELETE /playbacks/{id}
 *   finishes it now (done); a hangup during it finishes it as failed.
 * - pressDigits → ChannelDtmfReceived {digit, duration_ms} per key; playbacks go on (barge-in is the app's job).
 * - hangup(id, cause=16) or DELETE /channels/{id} → ChannelHangupRequest ({cause} for the caller's hangup; for
 *   the app's DELETE {cause: 32, soft: true}, the AST_SOFTHANGUP_EXPLICIT flag, as Asterisk's ast_softhangup sends),
 *   PlaybackFinished / RecordingFinished of its media, ChannelLeftBridge, StasisEnd, ChannelDestroyed {cause,
 *   cause_txt}. Snoop channels on it go too.
 * - POST /channels (originate, app given): the Down snapshot answers; the app follows the channel: Dial "",
 *   ChannelStateChange Ringing, Dial RINGING; then answerOutbound(id) → ChannelStateChange Up, Dial ANSWER,
 *   StasisStart; or busy(id) / noAnswer(id) / reject(id) / failOutbound(id, cause) → Dial with the status
 *   Asterisk's dialler gives that cause (17 BUSY, 34 CONGESTION, 3/20 CHANUNAVAIL, else NOANSWER) and
 *   ChannelDestroyed with cause 17 / 19 / 21 / cause (no ChannelHangupRequest: the dialler hangs the leg up).
 *   The originate `timeout` (default 30 s, in `secondsMs` units) ends it with cause 19 and no Dial event. An app
 *   that hangs a ringing leg up gets Dial NOANSWER (its cause's status), ChannelHangupRequest, ChannelDestroyed.
 *   POST /channels/create → StasisStart (Down) right after its answer; POST /channels/{id}/dial rings it (no second
 *   StasisStart on answer; Dial carries `caller` when given). Until answered, state-changing operations on a
 *   created channel answer 412 and operations on an originated one 409 (it is not in the app yet).
 * - Bridges: ChannelEnteredBridge / ChannelLeftBridge (a channel's app follows the bridge while one of its channels
 *   is in it, as res_stasis subscribes it), BridgeDestroyed (to the apps of the channels it still held);
 *   BridgeCreated reaches only apps started with subscribeAll (no app follows a new bridge yet).
 * - Recordings (res_stasis_recording): a channel recording answers the channel, then RecordingStarted right
 *   after the 201; RecordingFinished {duration} on stop (done), DELETE (canceled), hangup, terminateOn key,
 *   maxDurationSeconds, or ~4 s into a callIn({ silent: true }) caller ("No audio available"); with
 *   maxSilenceSeconds also talking_duration/silence_duration. A channel in a bridge cannot be recorded:
 *   RecordingFailed {cause: "Cannot record channel while in bridge"}. The stored file is a real 8 kHz mono
 *   16-bit WAV of that length.
 * - move(app) → StasisEnd, then StasisStart in that app; ApplicationMoveFailed when no socket serves it.
 * - Hold → ChannelHold/ChannelUnhold; mute, moh, silence, ring are state only (seen in channels()); variables set
 *   through ARI send ChannelVarset; snoop makes a "Snoop/<id>-…" channel that enters its app (StasisStart).
 * - Apps started with subscribeAll also get what no app follows yet: ChannelCreated, BridgeCreated.
 * - One socket per application: a newer socket for the same app gets its events and the older one receives
 *   ApplicationReplaced. callIn throws when no socket serves the app (Stasis() would fail on Asterisk).
 * - dropConnections(): sockets cut, channels stay (events meanwhile are lost); refuseConnections(on): REST and
 *   WebSocket answer 503 while on (refuseConnections(on, "reset"): every new TCP connection is cut instead);
 *   restart({downMs}): drop + everything but stored recordings forgotten, 503 for downMs.
 *
 * Differences from the "Fake ARI API" interface: hangup takes an optional cause; besides busy/noAnswer there are
 * reject and failOutbound(id, cause); finishPlaybacks(channelId?) finishes playing ones now (they also finish by
 * themselves after playbackMs); the recordings store is recordings() / addStoredRecording(name, seconds).
 */
export { startFakeAri, type FakeAri, type RecordedRequest } from "./server.ts";
export type { CallIn } from "./controls.ts";
export type { FakeAriOptions } from "./world.ts";
export { DEFAULT_SOUNDS } from "./world.ts";
export { HANGUP_CAUSES, HANGUP_REASONS } from "./channels.ts";
