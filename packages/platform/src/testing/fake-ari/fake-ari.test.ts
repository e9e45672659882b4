import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { channelOf, closeAfterEach, started } from "./connected-client.ts";
import { wavFile } from "./wav.ts";

closeAfterEach();

describe("fake Asterisk through ari-client", () => {
  it("delivers a call: StasisStart, answer, a playback to its end, DTMF, and the caller hanging up", async () => {
    const { fake, client, received, next } = await started();
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001", callerName: "Alice" });
    const start = await next("StasisStart");
    expect(channelOf(start)).toMatchObject({ id: channelId, state: "Ring", caller: { number: "6001" } });
    expect(start).toMatchObject({ application: "ringflow", args: [] });

    const channel = client.Channel();
    channel.id = channelId;
    await channel.answer();
    expect(channelOf(await next("ChannelStateChange")).state).toBe("Up");
    const playback = await client.channels.play({ channelId, media: ["sound:hello-world", "sound:beep"] });
    expect(playback).toMatchObject({ media_uri: "sound:hello-world", target_uri: `channel:${channelId}` });
    const finished = await next("PlaybackFinished");
    expect(finished.playback).toMatchObject({ id: playback.id, state: "done", media_uri: "sound:beep" });

    await fake.pressDigits(channelId, "12#");
    await next("ChannelDtmfReceived", (e) => e.digit === "#");
    await fake.hangup(channelId);
    await next("ChannelDestroyed");
    expect(received.map((e) => e.type)).toEqual([
      "StasisStart",
      "ChannelStateChange",
      "PlaybackStarted",
      "PlaybackContinuing",
      "PlaybackStarted",
      "PlaybackFinished",
      "ChannelDtmfReceived",
      "ChannelDtmfReceived",
      "ChannelDtmfReceived",
      "ChannelHangupRequest",
      "StasisEnd",
      "ChannelDestroyed",
    ]);
    expect(received.filter((e) => e.type === "ChannelDtmfReceived").map((e) => e.digit)).toEqual([
      "1",
      "2",
      "#",
    ]);
    expect(received.at(-1)).toMatchObject({ cause: 16, cause_txt: "Normal Clearing" });
    expect(fake.requests.map((r) => r.operation)).toEqual([
      "events.eventWebsocket",
      "channels.answer",
      "channels.play",
    ]);
    expect(fake.problems()).toEqual([]);
  });

  it("keeps a playback going through DTMF, fails a missing sound, and finishes a stopped one early", async () => {
    const { fake, client, received, next } = await started("ringflow", { playbackMs: 60_000 });
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    await next("StasisStart");
    const long = await client.channels.play({ channelId, media: "sound:tt-monkeys" });
    await next("PlaybackStarted");
    await fake.pressDigits(channelId, "5");
    await next("ChannelDtmfReceived");
    expect(fake.playbacks()).toEqual([expect.objectContaining({ id: long.id, state: "playing" })]);
    await client.playbacks.control({ playbackId: long.id, operation: "pause" });
    // Asterisk reports a paused playback as "paused" (outside the model's list; the fake does the same).
    expect(await client.playbacks.get({ playbackId: long.id })).toMatchObject({ state: "paused" });
    await client.playbacks.control({ playbackId: long.id, operation: "unpause" });
    expect(await client.playbacks.get({ playbackId: long.id })).toMatchObject({ state: "playing" });
    await client.playbacks.stop({ playbackId: long.id });
    expect((await next("PlaybackFinished")).playback).toMatchObject({ id: long.id, state: "done" });

    const since = received.length;
    const missing = await client.channels.play({ channelId, media: "sound:no-such-prompt" });
    const failed = await next("PlaybackFinished", () => true, since);
    expect(failed.playback).toMatchObject({ id: missing.id, state: "failed" });
    expect(fake.problems()).toEqual([]);
  });

  it("queues a second playback on a channel behind the first, and starts the next one when a queued one is stopped", async () => {
    // The first one plays until the test ends it, so the others are surely still queued meanwhile.
    const playbackMs = (uri: string) => (uri === "sound:hello-world" ? 60_000 : 5);
    const { fake, client, received, next } = await started("ringflow", { playbackMs });
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    await next("StasisStart");
    const first = await client.channels.play({ channelId, media: "sound:hello-world" });
    const dropped = await client.channels.play({ channelId, media: "sound:beep" });
    const third = await client.channels.play({ channelId, media: "sound:vm-goodbye" });
    await next("PlaybackStarted");
    expect(fake.playbacks().map((p) => p.state)).toEqual(["playing", "queued", "queued"]);
    await client.playbacks.stop({ playbackId: dropped.id });
    expect(fake.finishPlaybacks(channelId)).toBe(1);
    await next("PlaybackFinished", (e) => (e.playback as { id: string }).id === third.id);
    const playbacks = received.filter((e) => e.type.startsWith("Playback"));
    expect(playbacks.map((e) => [e.type, (e.playback as { id: string }).id])).toEqual([
      ["PlaybackStarted", first.id],
      ["PlaybackFinished", first.id],
      ["PlaybackStarted", third.id],
      ["PlaybackFinished", third.id],
    ]);
    expect(fake.problems()).toEqual([]);
  });

  it("fetches HTTP media before playing them, fails what cannot be fetched, and never finishes a bare http URI", async () => {
    const media = createServer((req, res) => {
      if (req.url !== "/m/prompt.wav") return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "audio/wav" }).end(wavFile(0.2));
    });
    await new Promise<void>((resolve) => media.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
    try {
      const { fake, client, received, next } = await started();
      const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
      await next("StasisStart");
      const good = await client.channels.play({ channelId, media: `sound:${base}/m/prompt.wav` });
      expect((await next("PlaybackFinished")).playback).toMatchObject({ id: good.id, state: "done" });
      const since = received.length;
      const gone = await client.channels.play({ channelId, media: `sound:${base}/m/gone.wav` });
      expect((await next("PlaybackFinished", () => true, since)).playback).toMatchObject({
        id: gone.id,
        state: "failed",
      });
      // Asterisk starts each medium (PlaybackStarted), then skips a scheme it cannot play: no PlaybackFinished.
      const afterGone = received.length;
      const bare = await client.channels.play({ channelId, media: `${base}/m/prompt.wav` });
      const beep = await client.channels.play({ channelId, media: "sound:beep" });
      expect((await next("PlaybackFinished", () => true, afterGone)).playback).toMatchObject({ id: beep.id });
      expect(received.slice(afterGone).map((e) => [e.type, (e.playback as { id: string }).id])).toEqual([
        ["PlaybackStarted", bare.id],
        ["PlaybackStarted", beep.id],
        ["PlaybackFinished", beep.id],
      ]);
      expect(fake.mediaFetches().map((f) => [f.url, f.status])).toEqual([
        [`${base}/m/prompt.wav`, 200],
        [`${base}/m/gone.wav`, 404],
      ]);
      expect(fake.problems()).toEqual([]);
    } finally {
      await new Promise((resolve) => media.close(resolve));
    }
  });

  it("reports a request the description does not allow, with the status Asterisk gives", async () => {
    const { fake, next } = await started();
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    await next("StasisStart");
    const auth = `api_key=${fake.username}:${fake.password}`;
    const wrongPath = await fetch(`${fake.url}/ari/channels/${channelId}/answr?${auth}`, { method: "POST" });
    expect(wrongPath.status).toBe(404);
    const wrongParameter = await fetch(`${fake.url}/ari/channels/${channelId}/play?sound=beep&${auth}`, {
      method: "POST",
    });
    expect(wrongParameter.status).toBe(400);
    expect(fake.problems().slice(0, 3)).toEqual([
      `POST /channels/${channelId}/answr: /channels/${channelId}/answr is not a path of ARI`,
      `POST /channels/${channelId}/play: sound is not a parameter of POST /channels/{channelId}/play`,
      `POST /channels/${channelId}/play: media is required by POST /channels/{channelId}/play`,
    ]);
    const wrongMethod = await fetch(`${fake.url}/ari/channels/${channelId}/answer?${auth}`, {
      method: "PUT",
    });
    expect(wrongMethod.status).toBe(405);
    const notSimulated = await fetch(`${fake.url}/ari/channels/${channelId}/rtp_statistics?${auth}`);
    expect(notSimulated.status).toBe(501);
    expect(fake.problems().slice(3)).toEqual([
      `PUT /channels/${channelId}/answer: PUT is not allowed on /channels/{channelId}/answer`,
      `GET /channels/${channelId}/rtp_statistics: channels.rtpstatistics is in the description but the fake does not simulate it`,
    ]);
    expect((await fetch(`${fake.url}/ari/channels`)).status).toBe(401);
    expect((await fetch(`${fake.url}/ari/channels?api_key=${fake.username}:wrong`)).status).toBe(401);
  });

  it("reports an event that does not match events.json", async () => {
    const { fake, next } = await started();
    fake.sendEvent("ringflow", { type: "ChannelDtmfReceived", digit: "1" });
    await next("ChannelDtmfReceived");
    expect(fake.problems()).toEqual([
      "event ChannelDtmfReceived.duration_ms is required",
      "event ChannelDtmfReceived.channel is required",
    ]);
  });
});
