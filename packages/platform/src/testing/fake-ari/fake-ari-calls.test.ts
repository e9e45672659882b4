import { describe, expect, it } from "vitest";
import { channelOf, closeAfterEach, connect, started } from "./connected-client.ts";

closeAfterEach();

describe("fake Asterisk: outbound calls, bridges, recordings, snoop", () => {
  it("originates into the app: StasisStart on answer; busy and no answer end with their hangup causes", async () => {
    // One second of ring timeout lasts 50 ms here.
    const { fake, client, received, next } = await started("ringflow", { secondsMs: 50 });
    const answered = await client.channels.originate({
      endpoint: "PJSIP/6002",
      app: "ringflow",
      appArgs: "transfer,call-1",
      callerId: '"Front desk" <100>',
      variables: { RINGFLOW_CALL: "call-1" },
    });
    expect(answered).toMatchObject({ state: "Down", caller: { name: "Front desk", number: "100" } });
    expect(answered.name).toMatch(/^PJSIP\/6002-[0-9a-f]{8}$/);
    await next("Dial", (e) => e.dialstatus === "RINGING");
    // Until it is answered an originated channel is not in the app yet (Asterisk answers 409).
    await expect(client.channels.startMoh({ channelId: answered.id })).rejects.toThrow();
    expect(fake.requests.at(-1)).toMatchObject({ operation: "channels.startMoh", status: 409 });
    fake.answerOutbound(answered.id);
    const start = await next("StasisStart");
    expect(start).toMatchObject({ args: ["transfer", "call-1"] });
    expect(channelOf(start)).toMatchObject({ id: answered.id, state: "Up" });
    expect(fake.channels().find((c) => c.id === answered.id)?.variables).toEqual({ RINGFLOW_CALL: "call-1" });

    await expect(
      client.channels.originate({ endpoint: "PJSIP/6003", app: "ringflow", originator: "no-such-channel" }),
    ).rejects.toThrow();
    const busy = await client.channels.originate({ endpoint: "PJSIP/6003", app: "ringflow" });
    await next("Dial", (e) => (e.peer as { id: string }).id === busy.id && e.dialstatus === "RINGING");
    fake.busy(busy.id);
    const busyEnd = await next("ChannelDestroyed", (e) => channelOf(e).id === busy.id);
    expect(busyEnd).toMatchObject({ cause: 17, cause_txt: "User busy" });

    const late = await client.channels.originate({ endpoint: "PJSIP/6004", app: "ringflow", timeout: 1 });
    const lateEnd = await next("ChannelDestroyed", (e) => channelOf(e).id === late.id);
    expect(lateEnd).toMatchObject({ cause: 19 });
    const dialsOf = (id: string) =>
      received
        .filter((e) => e.type === "Dial" && (e.peer as { id: string }).id === id)
        .map((e) => e.dialstatus);
    expect(dialsOf(answered.id)).toEqual(["", "RINGING", "ANSWER"]);
    expect(dialsOf(busy.id)).toEqual(["", "RINGING", "BUSY"]);
    // Asterisk's dialler hangs a timed-out leg up (cause 19) without a Dial for it, and without a hangup request.
    expect(dialsOf(late.id)).toEqual(["", "RINGING"]);
    expect(received.some((e) => e.type === "ChannelHangupRequest" && channelOf(e).id === late.id)).toBe(
      false,
    );
    expect(received.some((e) => e.type === "StasisEnd" && channelOf(e).id === busy.id)).toBe(false);
    expect(fake.problems()).toEqual([]);
  });

  it("ends a ringing originate the app hangs up, with no ring timeout firing later", async () => {
    const { fake, client, next, received } = await started("ringflow", { secondsMs: 10 });
    const ringing = await client.channels.originate({ endpoint: "PJSIP/6002", app: "ringflow", timeout: 2 });
    await next("Dial", (e) => e.dialstatus === "RINGING");
    await client.channels.hangup({ channelId: ringing.id, reason: "normal" });
    // The dialler reports the leg by its cause (16: NOANSWER); the app's hangup request carries Asterisk's
    // soft-hangup flag; the destroyed channel carries the cause.
    expect(await next("Dial", (e) => e.dialstatus === "NOANSWER")).toMatchObject({
      peer: { id: ringing.id },
    });
    expect(await next("ChannelHangupRequest")).toMatchObject({ cause: 32, soft: true });
    expect(await next("ChannelDestroyed")).toMatchObject({ cause: 16, cause_txt: "Normal Clearing" });
    const later = await client.channels.originate({ endpoint: "PJSIP/6002", app: "ringflow", timeout: 4 });
    await next("ChannelDestroyed", (e) => channelOf(e).id === later.id);
    expect(received.filter((e) => e.type === "ChannelDestroyed").map((e) => e.cause)).toEqual([16, 19]);
    expect(fake.problems()).toEqual([]);
  });

  it("creates and dials a channel, bridges two legs, plays to the bridge, and tears the bridge down", async () => {
    const { fake, client, next } = await started("ringflow", { playbackMs: 5 });
    const callerId = fake.callIn({ exten: "100", callerNumber: "6001" });
    await next("StasisStart");
    const agent = await client.channels.create({ endpoint: "PJSIP/6002", app: "ringflow" });
    expect(channelOf(await next("StasisStart", (e) => channelOf(e).id === agent.id)).state).toBe("Down");
    // In the app but not answered: operations that change its state answer 412.
    await expect(client.channels.answer({ channelId: agent.id })).rejects.toThrow();
    expect(fake.requests.at(-1)).toMatchObject({ operation: "channels.answer", status: 412 });
    await client.channels.dial({ channelId: agent.id, caller: callerId, timeout: 20 });
    const ringing = await next("Dial", (e) => e.dialstatus === "RINGING");
    expect(ringing).toMatchObject({ caller: { id: callerId }, peer: { id: agent.id }, dialstring: "6002" });
    fake.answerOutbound(agent.id);
    await next("Dial", (e) => e.dialstatus === "ANSWER");

    const bridge = await client.bridges.create({ type: "mixing", name: "call-1" });
    await client.bridges.addChannel({ bridgeId: bridge.id, channel: [callerId, agent.id] });
    const entered = await next("ChannelEnteredBridge", (e) => channelOf(e).id === agent.id);
    expect(entered.bridge).toMatchObject({
      id: bridge.id,
      bridge_type: "mixing",
      channels: [callerId, agent.id],
    });
    const playback = await client.bridges.play({ bridgeId: bridge.id, media: "sound:beep" });
    expect((await next("PlaybackFinished")).playback).toMatchObject({
      id: playback.id,
      target_uri: `bridge:${bridge.id}`,
    });

    fake.hangup(agent.id, 16);
    const left = await next("ChannelLeftBridge", (e) => channelOf(e).id === agent.id);
    expect(left.bridge).toMatchObject({ channels: [callerId] });
    await client.bridges.destroy({ bridgeId: bridge.id });
    await next("BridgeDestroyed");
    expect(fake.bridges()).toEqual([]);
    expect(fake.channels().map((c) => c.id)).toEqual([callerId]);
    expect(fake.problems()).toEqual([]);
  });

  it("records a channel until stopped and serves the stored file as a WAV", async () => {
    const { fake, client, next } = await started();
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    await next("StasisStart");
    const live = await client.channels.record({
      channelId,
      name: "vm-1",
      format: "wav",
      terminateOn: "#",
      beep: true,
    });
    expect(live).toMatchObject({ name: "vm-1", state: "queued", target_uri: `channel:${channelId}` });
    await next("RecordingStarted");
    // Recording answers the channel first, as Asterisk's does.
    expect(channelOf(await next("ChannelStateChange")).state).toBe("Up");
    await fake.pressDigits(channelId, "#");
    const finished = await next("RecordingFinished");
    expect(finished.recording).toMatchObject({ name: "vm-1", state: "done", duration: expect.any(Number) });
    expect(await client.recordings.listStored()).toEqual([
      expect.objectContaining({ name: "vm-1", format: "wav" }),
    ]);
    const file = await fetch(
      `${fake.url}/ari/recordings/stored/vm-1/file?api_key=${fake.username}:${fake.password}`,
    );
    expect(file.headers.get("content-type")).toBe("audio/wav");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(bytes.subarray(8, 12).toString("ascii")).toBe("WAVE");
    await expect(client.channels.record({ channelId, name: "vm-1", format: "wav" })).rejects.toThrow();
    await client.recordings.copyStored({ recordingName: "vm-1", destinationRecordingName: "vm-1-copy" });
    await client.recordings.deleteStored({ recordingName: "vm-1" });
    expect(fake.recordings().map((r) => r.name)).toEqual(["vm-1-copy"]);
    expect(fake.problems()).toEqual([]);
  });

  it("snoops on a channel into a supervisor app, holds with music, and ends the snoop with its target", async () => {
    const { fake, client, next } = await started();
    const supervisor = await connect(fake, "ringflow-supervisor");
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    await next("StasisStart");
    const snoop = await client.channels.snoopChannel({
      channelId,
      app: "ringflow-supervisor",
      spy: "both",
      whisper: "out",
    });
    expect(snoop.name).toMatch(new RegExp(`^Snoop/${channelId.replace(".", "\\.")}-`));
    expect(channelOf(await supervisor.next("StasisStart")).id).toBe(snoop.id);
    await client.channels.hold({ channelId });
    await next("ChannelHold");
    await client.channels.startMoh({ channelId, mohClass: "default" });
    await client.channels.mute({ channelId, direction: "in" });
    expect(fake.channels().find((c) => c.id === channelId)).toMatchObject({
      held: true,
      moh: "default",
      muted: "in",
    });
    await client.channels.setChannelVar({ channelId, variable: "RINGFLOW_STEP", value: "menu" });
    expect(await client.channels.getChannelVar({ channelId, variable: "RINGFLOW_STEP" })).toEqual({
      value: "menu",
    });
    // report_events (Asterisk 22) is not in @types/ari-client yet.
    const reported = { channelId, variable: "RINGFLOW_CALL", value: "c1", ...{ report_events: true } };
    await client.channels.setChannelVar(reported);
    expect((await client.channels.get({ channelId })).channelvars).toEqual({ RINGFLOW_CALL: "c1" });
    fake.hangup(channelId);
    await supervisor.next("StasisEnd", (e) => channelOf(e).id === snoop.id);
    expect(fake.channels()).toEqual([]);
    expect(fake.problems()).toEqual([]);
  });

  it("moves a channel to another registered app, and reports a move to an app nobody serves", async () => {
    const { fake, client, next } = await started();
    const queue = await connect(fake, "ringflow-queue");
    const channelId = fake.callIn({ exten: "100", callerNumber: "6001" });
    await next("StasisStart");
    await client.channels.move({ channelId, app: "ringflow-nowhere", appArgs: "x" });
    expect(await next("ApplicationMoveFailed")).toMatchObject({
      destination: "ringflow-nowhere",
      args: ["x"],
    });
    await client.channels.move({ channelId, app: "ringflow-queue", appArgs: "sales" });
    await next("StasisEnd");
    expect(await queue.next("StasisStart")).toMatchObject({ args: ["sales"], application: "ringflow-queue" });
    expect(fake.channels()[0]?.app).toBe("ringflow-queue");
    expect(fake.problems()).toEqual([]);
  });

  it("fails a recording of a channel in a bridge, and ends one of a silent caller when the audio runs out", async () => {
    const { fake, client, next } = await started("ringflow", { secondsMs: 10 });
    const bridged = fake.callIn({ exten: "100", callerNumber: "6001" });
    const silent = fake.callIn({ exten: "100", callerNumber: "6002", silent: true });
    await next("StasisStart", (e) => channelOf(e).id === silent);
    const bridge = await client.bridges.create({ type: "mixing" });
    await client.bridges.addChannel({ bridgeId: bridge.id, channel: bridged });
    await client.channels.record({ channelId: bridged, name: "in-bridge", format: "wav" });
    expect((await next("RecordingFailed")).recording).toMatchObject({
      name: "in-bridge",
      state: "failed",
      cause: "Cannot record channel while in bridge",
    });
    await client.channels.record({ channelId: silent, name: "quiet", format: "wav", maxSilenceSeconds: 2 });
    const finished = await next("RecordingFinished");
    expect(finished.recording).toMatchObject({ name: "quiet", state: "done", silence_duration: 0 });
    // About 4 s (its timer fires no earlier; a loaded machine may make it later).
    expect((finished.recording as { duration: number }).duration).toBeGreaterThanOrEqual(4);
    expect(fake.recordings().map((r) => r.name)).toEqual(["quiet"]);
    expect(fake.problems()).toEqual([]);
  });
});
