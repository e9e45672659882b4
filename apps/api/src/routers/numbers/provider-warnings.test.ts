import { sealCredentials } from "@ringflow/db";
import { studioCorpus } from "@ringflow/flow-schema/testing";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createHarness } from "../../testing/harness.ts";
import { randomE164 } from "../../testing/fixture.ts";

describe("binding a number says which blocks its provider cannot carry out", () => {
  const h = createHarness();
  afterAll(() => h.close());

  const asteriskAccount = (tenantId: string) =>
    h.db.providerAccount.create({
      data: {
        tenantId,
        kind: "ASTERISK",
        name: "Office PBX",
        externalId: `app-${randomBytes(6).toString("hex")}`,
        // Nothing listens there: binding must not need the PBX.
        ...sealCredentials(tenantId, "ASTERISK", {
          ariUrl: "http://127.0.0.1:1",
          username: "u",
          password: "p",
          applicationName: "office",
        }),
      },
    });

  it("an Asterisk extension or DID binds without asking the PBX, and speech input is said in words", async () => {
    const ws = await h.workspace("pbx-speech");
    const pbx = await asteriskAccount(ws.tenantId);
    const extension = await ws.caller.numbers.add({ e164: " 1000 ", providerAccountId: pbx.id });
    expect(extension.e164).toBe("1000");
    const did = await ws.caller.numbers.add({ e164: randomE164(), providerAccountId: pbx.id });
    const flow = await ws.caller.flows.create({ name: "Reception", templateId: "mainMenu" });
    await ws.caller.flows.publish({ flowId: flow.id, changelog: "v1" });
    for (const number of [extension, did]) {
      const bound = await ws.caller.numbers.bind({ phoneNumberId: number.id, flowId: flow.id });
      expect(bound.binding?.flow.id).toBe(flow.id);
      expect(bound.warnings).toEqual([
        'On Office PBX numbers callers cannot answer by speaking at "Menu" (an Asterisk PBX has no speech recognition): they can only press keys.',
      ]);
    }
  });

  it("refuses an extension on anything but an Asterisk server, and what is neither, in words", async () => {
    const ws = await h.workspace("pbx-ext");
    await expect(ws.caller.numbers.add({ e164: "1000" })).rejects.toThrow(
      "1000 is an extension, and only an Asterisk server has extensions: choose the Asterisk server the calls arrive through, or write a phone number with a + and its country code, like +14155550100.",
    );
    const pbx = await asteriskAccount(ws.tenantId);
    for (const wrong of ["10a0", "+0123", "*99", ""])
      await expect(ws.caller.numbers.add({ e164: wrong, providerAccountId: pbx.id })).rejects.toThrow(
        "Write the phone number with a + and its country code, like +14155550100, or an Asterisk extension in digits, like 1000.",
      );
  });

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
