import { sealCredentials } from "@ringflow/db";
import { studioCorpus } from "@ringflow/flow-schema/testing";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createHarness } from "../../testing/harness.ts";
import { randomE164 } from "../../testing/fixture.ts";

describe("binding a number says which blocks its provider cannot carry out", () => {
  const h = createHarness();
  afterAll(() => h.close());

  it("an Asterisk number bound to an imported Studio flow that texts: the text is never sent, in words", async () => {
    const ws = await h.workspace("pbx-texts");
    const pbx = await h.db.providerAccount.create({
      data: {
        tenantId: ws.tenantId,
        kind: "ASTERISK",
        name: "Office PBX",
        externalId: `app-${randomBytes(6).toString("hex")}`,
        ...sealCredentials(ws.tenantId, "ASTERISK", {
          ariUrl: "http://127.0.0.1:1",
          username: "u",
          password: "p",
          applicationName: "office",
        }),
      },
    });
    const number = await ws.caller.numbers.add({ e164: randomE164(), providerAccountId: pbx.id });
    const { flow } = await ws.caller.flows.import({
      content: studioCorpus.textAndReply,
      format: "twilio-studio",
    });
    await ws.caller.flows.publish({ flowId: flow.id, changelog: "imported from Studio" });

    const bound = await ws.caller.numbers.bind({ phoneNumberId: number.id, flowId: flow.id });
    expect(bound.warnings).toEqual([
      'On Office PBX numbers "confirm_by_text" never does its work (an Asterisk PBX cannot send text messages): callers always leave by its "Not sent" exit.',
    ]);
  });
});
