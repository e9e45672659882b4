import { describe, expect, it } from "vitest";
import {
  ariDescription,
  ariEventProblems,
  ariRequestProblems,
  ariResponseProblems,
  checkAriRequest,
} from "./ari-description.ts";

const channel = {
  id: "1763719200.7",
  name: "PJSIP/6001-00000007",
  state: "Ring",
  protocol_id: "",
  caller: { name: "Alice", number: "6001" },
  connected: { name: "", number: "" },
  accountcode: "",
  dialplan: { context: "from-internal", exten: "100", priority: 2, app_name: "Stasis", app_data: "ringflow" },
  creationtime: "2026-11-21T10:00:00.000+0000",
  language: "en",
};
const stasisStart = {
  type: "StasisStart",
  timestamp: "2026-11-21T10:00:00.012+0000",
  args: [],
  channel,
  asterisk_id: "02:42:ac:11:00:02",
  application: "ringflow",
};

describe("ARI description", () => {
  it("reads every resource file that resources.json lists, with their operations and models", () => {
    const description = ariDescription();
    expect(description.apiVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(description.documents.get("channels")?.basePath).toBe("http://localhost:8088/ari");
    expect(
      description.operations.find((o) => o.nickname === "play" && o.resource === "channels")?.template,
    ).toBe("/channels/{channelId}/play");
    expect(Object.keys(description.models)).toEqual(
      expect.arrayContaining(["Channel", "Bridge", "StasisStart"]),
    );
  });

  it("accepts conforming requests and names what does not conform", () => {
    expect(
      ariRequestProblems([
        { method: "POST", path: "/channels/1.2/answer" },
        { method: "POST", path: "/ari/channels/1.2/play", query: { media: "sound:hello-world,sound:beep" } },
        { method: "POST", path: "/channels/create", query: { endpoint: "PJSIP/6002", app: "ringflow" } },
        {
          method: "POST",
          path: "/channels",
          query: { endpoint: "PJSIP/6002", app: "a" },
          body: { variables: {} },
        },
        { method: "DELETE", path: "/channels/1.2", query: { reason: "busy", api_key: "u:p" } },
        { method: "POST", path: "/bridges/b1/addChannel", query: { channel: "1.2,1.3" } },
      ]),
    ).toEqual([]);
    expect(ariRequestProblems({ method: "POST", path: "/channels/1.2/answr" })).toEqual([
      "POST /channels/1.2/answr: /channels/1.2/answr is not a path of ARI",
    ]);
    expect(checkAriRequest({ method: "POST", path: "/channels/1.2/answer/" }).status).toBe(404);
    expect(checkAriRequest({ method: "PUT", path: "/channels/1.2/answer" })).toMatchObject({
      status: 405,
      problems: ["PUT is not allowed on /channels/{channelId}/answer"],
    });
    expect(
      checkAriRequest({ method: "POST", path: "/channels/1.2/play", query: { sound: "x" } }),
    ).toMatchObject({
      status: 400,
      problems: [
        "sound is not a parameter of POST /channels/{channelId}/play",
        "media is required by POST /channels/{channelId}/play",
      ],
    });
    expect(
      ariRequestProblems({ method: "DELETE", path: "/channels/1.2", query: { reason: "gone" } }),
    ).toEqual([expect.stringMatching(/reason=gone is not one of normal, busy/)]);
    expect(
      ariRequestProblems({
        method: "POST",
        path: "/channels/1.2/record",
        query: { name: "r", format: "wav", maxDurationSeconds: "two" },
      }),
    ).toEqual([expect.stringMatching(/maxDurationSeconds=two is not a whole number/)]);
    // Variables belong in the body's "variables" field; a bare map is fields Asterisk does not know.
    expect(
      ariRequestProblems({
        method: "POST",
        path: "/channels",
        query: { endpoint: "PJSIP/1", app: "a" },
        body: { FOO: "1" },
      }),
    ).toEqual([expect.stringMatching(/FOO is not a parameter of POST \/channels$/)]);
  });

  it("routes a literal segment before a path variable, as Asterisk does", () => {
    expect(
      checkAriRequest({ method: "POST", path: "/channels/create", query: { endpoint: "X/1", app: "a" } })
        .operation?.nickname,
    ).toBe("create");
    expect(
      checkAriRequest({ method: "POST", path: "/channels/1.2", query: { endpoint: "X/1" } }).operation
        ?.nickname,
    ).toBe("originateWithId");
  });

  it("checks an event against its model in events.json, nested models included", () => {
    expect(ariEventProblems(stasisStart)).toEqual([]);
    const { args: _args, ...withoutArgs } = stasisStart;
    expect(ariEventProblems(withoutArgs)).toEqual(["StasisStart.args is required"]);
    expect(ariEventProblems({ ...stasisStart, type: "StasisBegin" })).toEqual([
      "StasisBegin is not an event of ARI",
    ]);
    expect(ariEventProblems({ ...stasisStart, extra: 1 })).toEqual([
      "StasisStart.extra is not a property of StasisStart",
    ]);
    const { dialplan, ...noDialplan } = channel;
    const broken = ariEventProblems({ ...stasisStart, channel: { ...noDialplan, state: "Talking" } });
    expect(broken.sort()).toEqual([
      "StasisStart.channel.dialplan is required",
      expect.stringMatching(/^StasisStart.channel.state=Talking is not one of Down, Rsrved/),
    ]);
    expect(
      ariEventProblems({ ...stasisStart, channel: { ...channel, dialplan: { ...dialplan, priority: "2" } } }),
    ).toEqual(["StasisStart.channel.dialplan.priority must be a whole number"]);
    expect(ariEventProblems({ ...stasisStart, timestamp: "2026-11-21T10:00:00Z" })).toEqual([
      "StasisStart.timestamp must be a time like 2026-11-21T10:00:00.123+0000",
    ]);
    const dtmf = {
      type: "ChannelDtmfReceived",
      timestamp: stasisStart.timestamp,
      digit: "5",
      channel,
      application: "a",
    };
    expect(ariEventProblems(dtmf)).toEqual(["ChannelDtmfReceived.duration_ms is required"]);
    const playback = {
      id: "p1",
      media_uri: "sound:beep",
      target_uri: "channel:1.2",
      language: "en",
      state: "done",
    };
    expect(
      ariEventProblems({
        type: "PlaybackFinished",
        timestamp: stasisStart.timestamp,
        application: "a",
        playback,
      }),
    ).toEqual([]);
    expect(
      ariEventProblems({
        type: "PlaybackFinished",
        timestamp: stasisStart.timestamp,
        application: "a",
        playback: { ...playback, state: "stopped" },
      }),
    ).toEqual([expect.stringMatching(/playback.state=stopped is not one of/)]);
  });

  it("checks a response body against its operation's responseClass", () => {
    const get = checkAriRequest({ method: "GET", path: "/channels/1.2" }).operation;
    const list = checkAriRequest({ method: "GET", path: "/channels" }).operation;
    const answer = checkAriRequest({ method: "POST", path: "/channels/1.2/answer" }).operation;
    if (!get || !list || !answer) throw new Error("operations not found");
    expect(ariResponseProblems(get, channel)).toEqual([]);
    expect(ariResponseProblems(list, [channel, { ...channel, language: 7 }])).toEqual([
      "channels.list response[1].language must be text",
    ]);
    expect(ariResponseProblems(answer, undefined)).toEqual([]);
  });
});
