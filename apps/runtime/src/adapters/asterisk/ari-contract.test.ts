import ari from "ari-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { ariDescription } from "@ringflow/platform/testing/ari-description";
import { startFakeAri, type FakeAri } from "@ringflow/platform/testing/fake-ari";
import { ariEventSchema, HANDLED_ARI_EVENTS } from "./ari-events.ts";
import { ariHttp } from "@ringflow/platform";
import { ariRest, type AriRest } from "./ari-rest.ts";

const description = ariDescription();

/** The fields a zod object reads, checked against the description's model of the same name (recursively). */
function fieldProblems(schema: z.ZodObject, modelId: string, where: string): string[] {
  const model = description.models[modelId];
  if (!model) return [`${where}: no model ${modelId} in the description`];
  const problems: string[] = [];
  for (const [name, field] of Object.entries(schema.shape)) {
    if (name === "type") continue;
    const property = model.properties[name];
    if (!property) {
      problems.push(`${where}.${name}: ${modelId} has no such property`);
      continue;
    }
    const optional = field instanceof z.ZodOptional;
    if (!optional && !property.required)
      problems.push(`${where}.${name}: required here, optional in ${modelId}`);
    const inner = optional ? (field as z.ZodOptional).unwrap() : field;
    if (inner instanceof z.ZodObject)
      problems.push(...fieldProblems(inner, property.type, `${where}.${name}`));
  }
  return problems;
}

describe("the ARI the adapter uses is Asterisk 22's", () => {
  it("every event it handles is in events.json, with every field it reads (required ones required there)", () => {
    expect(HANDLED_ARI_EVENTS.length).toBeGreaterThan(0);
    const problems = ariEventSchema.options.flatMap((option) =>
      fieldProblems(option, option.shape.type.value, option.shape.type.value),
    );
    expect(problems).toEqual([]);
  });

  describe("every operation it performs exists with that method, path and parameter names", () => {
    let fake: FakeAri;
    let rest: AriRest & { close(): Promise<void> };
    let client: Awaited<ReturnType<typeof ari.connect>>;
    const app = "ringflow-contract";

    beforeAll(async () => {
      fake = await startFakeAri({ app, playbackMs: 5000 });
      client = await ari.connect(fake.url, fake.username, fake.password);
      await client.start(app);
      rest = ariRest({ base: fake.url, username: fake.username, password: fake.password, app });
    });
    afterAll(async () => {
      await rest.close();
      client.stop();
      await fake.close();
    });

    it("over HTTP (the events through ari-client), checked by the fake Asterisk against the description", async () => {
      await rest.filterEvents(HANDLED_ARI_EVENTS);
      const caller = fake.callIn({ exten: "100", callerNumber: "+14155550100" });
      await rest.answer(caller);
      await rest.ring(caller);
      await rest.ringStop(caller);
      await rest.play(caller, "p-1", ["sound:hello-world", "sound:beep"]);
      expect(["queued", "playing"]).toContain(await rest.playbackState("p-1"));
      await rest.stopPlayback("p-1");
      expect(await rest.playbackState("p-1")).toBeNull();
      await rest.startMoh(caller, "default");
      await rest.stopMoh(caller);
      await rest.originate({
        channelId: `${caller}-dial-1`,
        endpoint: "PJSIP/6001",
        appArgs: `ringflow:dial:${caller}`,
        timeoutSeconds: 20,
        originator: caller,
        callerId: "+14155550100",
      });
      fake.answerOutbound(`${caller}-dial-1`);
      await rest.createBridge("b-1", "mixing");
      await rest.addToBridge("b-1", [caller, `${caller}-dial-1`]);
      await rest.recordBridge("b-1", { name: "bridge-rec", maxDurationSeconds: 0 });
      await rest.stopRecording("bridge-rec");
      await rest.destroyBridge("b-1");
      await rest.createBridge("h-1", "holding");
      await rest.startBridgeMoh("h-1", "default");
      await rest.destroyBridge("h-1");
      await rest.snoop(caller, `${caller}-snoop-1`, `ringflow:snoop:${caller}`);
      await rest.recordChannel(caller, {
        name: "voicemail-1",
        maxDurationSeconds: 30,
        maxSilenceSeconds: 5,
        beep: true,
        terminateOn: "#",
      });
      await rest.stopRecording("voicemail-1");
      const info = await ariHttp(
        { ariBase: `${fake.url}/ari`, username: fake.username, password: fake.password },
        { method: "GET", path: "/asterisk/info", allowNetworks: ["127.0.0.1"] },
      );
      expect(info.status).toBe(200);
      const listed = await rest.channels();
      expect(listed.map((c) => c.id)).toContain(caller);
      await rest.hangup(`${caller}-dial-1`, "no_answer");
      await rest.hangup(caller, "normal");
      // The one error answer: the stopped playback, looked up once it was gone.
      expect(fake.requests.filter((r) => r.status >= 400).map((r) => [r.path, r.status])).toEqual([
        ["/playbacks/p-1", 404],
      ]);
      expect(fake.problems()).toEqual([]);
      expect(new Set(fake.requests.map((r) => r.operation))).toEqual(
        new Set([
          "events.eventWebsocket",
          "applications.filter",
          "channels.answer",
          "channels.ring",
          "channels.ringStop",
          "channels.playWithId",
          "playbacks.get",
          "playbacks.stop",
          "channels.startMoh",
          "channels.stopMoh",
          "channels.originateWithId",
          "bridges.createWithId",
          "bridges.addChannel",
          "bridges.record",
          "recordings.stop",
          "bridges.destroy",
          "bridges.startMoh",
          "channels.snoopChannelWithId",
          "channels.record",
          "applications.get",
          "asterisk.getInfo",
          "channels.list",
          "channels.hangup",
        ]),
      );
    });
  });
});
