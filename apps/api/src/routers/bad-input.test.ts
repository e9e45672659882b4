import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowTemplates } from "@ringflow/flow-schema/templates";
import { snapshot } from "../testing/fixture.ts";
import { createHarness } from "../testing/harness.ts";

describe("bad input gets a clear error and changes nothing", () => {
  const h = createHarness();
  let ws: Awaited<ReturnType<typeof h.workspace>>;
  let flowId: string;
  beforeAll(async () => {
    ws = await h.workspace("bad-input");
    flowId = (await ws.caller.flows.create({ name: "Target", templateId: "mainMenu" })).id;
  });
  afterAll(() => h.close());

  const huge = "x".repeat(100_000);
  const cases: [string, (api: typeof ws.caller) => Promise<unknown>, string, RegExp][] = [
    [
      "a number for a name",
      (api) => api.flows.create({ name: 42 as unknown as string }),
      "BAD_REQUEST",
      /"name"[\s\S]*expected string, received number/,
    ],
    ["an empty name", (api) => api.flows.create({ name: "   " }), "BAD_REQUEST", /A name is required/],
    ["a huge name", (api) => api.flows.rename({ flowId, name: huge }), "BAD_REQUEST", /Too big/i],
    ["a huge changelog", (api) => api.flows.publish({ flowId, changelog: huge }), "BAD_REQUEST", /changelog/],
    [
      "an unknown template",
      (api) => api.flows.create({ name: "T", templateId: "nope" as "mainMenu" }),
      "BAD_REQUEST",
      /templateId/,
    ],
    [
      "an id that is not one",
      (api) => api.flows.get({ flowId: "1 or 1=1" }),
      "BAD_REQUEST",
      /Expected an id/,
    ],
    [
      "an unknown flow",
      (api) => api.flows.get({ flowId: randomUUID() }),
      "NOT_FOUND",
      /Flow not found in this workspace/,
    ],
    [
      "an unknown version",
      (api) => api.flows.rollback({ flowId, versionNumber: 7 }),
      "NOT_FOUND",
      /Version 7 of this flow not found/,
    ],
    [
      "a negative revision",
      (api) => api.flows.saveDraft({ flowId, revision: -1, document: {} }),
      "BAD_REQUEST",
      /revision/,
    ],
    [
      "a document that is not an object",
      (api) => api.flows.saveDraft({ flowId, revision: 1, document: "hello" }),
      "BAD_REQUEST",
      /must be a JSON object/,
    ],
    [
      "a document with nodes of the wrong shape",
      (api) =>
        api.flows.saveDraft({
          flowId,
          revision: 1,
          document: { ...flowTemplates.mainMenu.build(), nodes: [{ id: 3 }] },
        }),
      "BAD_REQUEST",
      /The flow document is malformed/,
    ],
    [
      "a document from a newer Ringflow",
      (api) =>
        api.flows.saveDraft({
          flowId,
          revision: 1,
          document: { ...flowTemplates.mainMenu.build(), schemaVersion: 99 },
        }),
      "BAD_REQUEST",
      /saved by a newer Ringflow/,
    ],
    [
      "a document over 2 MB",
      (api) =>
        api.flows.saveDraft({
          flowId,
          revision: 1,
          document: { ...flowTemplates.mainMenu.build(), description: "y".repeat(3_000_000) },
        }),
      "BAD_REQUEST",
      /larger than 2 MB/,
    ],
    [
      "a phone number without its country code",
      (api) => api.numbers.add({ e164: "555-1234" }),
      "BAD_REQUEST",
      /with a \+ and its country code/,
    ],
    [
      "a malformed Account SID",
      (api) =>
        api.providers.create({ kind: "TWILIO", name: "T", twilio: { accountSid: "AC123", authToken: "t" } }),
      "BAD_REQUEST",
      /AC followed by 32 hex digits/,
    ],
    [
      "credentials inside the ARI URL",
      (api) =>
        api.providers.create({
          kind: "ASTERISK",
          name: "A",
          asterisk: {
            ariUrl: "http://admin:pw@pbx:8088",
            username: "u",
            password: "p",
            applicationName: "app",
          },
        }),
      "BAD_REQUEST",
      /not in the URL/,
    ],
    [
      "an unknown role",
      (api) => api.members.invite({ email: "a@b.co", role: "ROOT" as "ADMIN" }),
      "BAD_REQUEST",
      /role/,
    ],
    [
      "an invalid email",
      (api) => api.members.invite({ email: "not-an-email", role: "ADMIN" }),
      "BAD_REQUEST",
      /email/,
    ],
    [
      "an unknown number",
      (api) => api.numbers.bind({ phoneNumberId: randomUUID(), flowId }),
      "NOT_FOUND",
      /Phone number not found/,
    ],
    ["an unknown call", (api) => api.calls.get({ callId: randomUUID() }), "NOT_FOUND", /Call not found/],
    ["a page size of a million", (api) => api.calls.list({ limit: 1_000_000 }), "BAD_REQUEST", /limit/],
    // Postgres stores neither NUL nor lone surrogates: these once came back as 500s carrying Prisma's text.
    [
      "a NUL in a name",
      (api) => api.flows.create({ name: "Main\u0000menu" }),
      "BAD_REQUEST",
      /NUL character/,
    ],
    [
      "a lone surrogate in a name",
      (api) => api.flows.rename({ flowId, name: "Menu \ud83d" }),
      "BAD_REQUEST",
      /unpaired surrogate/,
    ],
    [
      "a NUL deep inside a draft",
      (api) =>
        api.flows.saveDraft({
          flowId,
          revision: 1,
          document: { ...flowTemplates.mainMenu.build(), meta: { notes: [{ text: "a\u0000b" }] } },
        }),
      "BAD_REQUEST",
      /NUL character[\s\S]*meta\.notes\[0\]\.text/,
    ],
    [
      "a lone surrogate in a draft's key",
      (api) =>
        api.flows.saveDraft({
          flowId,
          revision: 1,
          document: { ...flowTemplates.mainMenu.build(), variables: { ["x\udc00"]: 1 } },
        }),
      "BAD_REQUEST",
      /unpaired surrogate/,
    ],
    [
      "a NUL escaped inside imported text",
      (api) => api.flows.import({ content: JSON.stringify({ name: "x\u0000y" }) }),
      "BAD_REQUEST",
      /NUL character/,
    ],
    ["a page size of 1e30", (api) => api.calls.list({ limit: 1e30 }), "BAD_REQUEST", /limit/],
    ["an audit page size of NaN", (api) => api.audit.list({ limit: NaN }), "BAD_REQUEST", /limit/],
    [
      "a date in the year 99999",
      (api) => api.calls.list({ since: new Date("+099999-01-01T00:00:00Z") }),
      "BAD_REQUEST",
      /years 1970 to 9999/,
    ],
    [
      "a date that is not one",
      (api) => api.calls.list({ until: "not a date" as unknown as Date }),
      "BAD_REQUEST",
      /Expected a date/,
    ],
    [
      "an audit cursor past the largest id",
      (api) => api.audit.list({ before: "9999999999999999999" }),
      "BAD_REQUEST",
      /No entry has an id this large/,
    ],
    [
      "a NUL in an audit filter",
      (api) => api.audit.list({ action: "flow.\u0000" }),
      "BAD_REQUEST",
      /NUL character/,
    ],
    [
      "a revision past Postgres' int",
      (api) => api.flows.saveDraft({ flowId, revision: 2 ** 40, document: {} }),
      "BAD_REQUEST",
      /revision/,
    ],
    [
      "an unparseable import",
      (api) => api.flows.import({ content: "<xml/>" }),
      "BAD_REQUEST",
      /The file is not JSON/,
    ],
  ];

  it.each(cases)("%s", async (_label, run, code, message) => {
    const before = await snapshot(h, ws.tenantId);
    const error = await run(ws.caller).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(message);
    expect(await snapshot(h, ws.tenantId)).toBe(before);
  });
});
