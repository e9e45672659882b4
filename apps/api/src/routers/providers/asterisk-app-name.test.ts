import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { sealCredentials } from "@ringflow/db";
import { createHarness, outcome } from "../../testing/harness.ts";

describe("an ARI application name is unique per Asterisk, across every workspace", () => {
  const h = createHarness();
  afterAll(() => h.close());

  // Host names of this run only: nothing is contacted when an account is stored.
  const run = randomBytes(3).toString("hex");
  const host = (label: string) => `${label}-${run}.example.com`;
  const asterisk = (ariUrl: string, applicationName: string) => ({
    ariUrl,
    username: "ringflow",
    password: "ari-secret",
    applicationName,
  });
  const taken = (name: string, where: string) =>
    `This Asterisk already has an application named "${name}" ${where}; choose another name.`;

  it("refuses the same name on the same Asterisk for another workspace, without naming it; another Asterisk may", async () => {
    const first = await h.workspace("ari-name-a");
    const second = await h.workspace("ari-name-b");
    await first.caller.providers.create({
      kind: "ASTERISK",
      name: "Head office (secret name)",
      asterisk: asterisk(`http://${host("pbx")}:8088/ari`, "ringflow"),
    });
    // The same Asterisk over HTTPS, its host written in capitals.
    const clash = second.caller.providers.create({
      kind: "ASTERISK",
      name: "Ours",
      asterisk: asterisk(`https://${host("PBX")}:8089`, "ringflow"),
    });
    await expect(clash).rejects.toThrow(taken("ringflow", "for another workspace"));
    await expect(clash).rejects.not.toThrow("Head office");
    expect(await outcome(clash)).toBe("CONFLICT");

    // Their own PBX may use the same name; moving it onto the first one's Asterisk is refused too.
    const own = await second.caller.providers.create({
      kind: "ASTERISK",
      name: "Ours",
      asterisk: asterisk(`http://${host("other-pbx")}:8088`, "ringflow"),
    });
    expect(own.externalId).toBe(`ringflow@${host("other-pbx")}`);
    const moved = second.caller.providers.update({
      id: own.id,
      asterisk: { ariUrl: `http://${host("pbx")}:8088` },
    });
    await expect(moved).rejects.toThrow(taken("ringflow", "for another workspace"));
    // Saved again unchanged: no clash with itself.
    expect((await second.caller.providers.update({ id: own.id, name: "Ours, renamed" })).name).toBe(
      "Ours, renamed",
    );
  });

  it("refuses a second account of the same workspace on the same application, naming the first", async () => {
    const ws = await h.workspace("ari-name-same");
    await ws.caller.providers.create({
      kind: "ASTERISK",
      name: "Main PBX",
      asterisk: asterisk(`http://${host("same")}:8088`, "ivr"),
    });
    const twice = ws.caller.providers.create({
      kind: "ASTERISK",
      name: "Main PBX again",
      asterisk: asterisk(`http://${host("same")}:8088/ari`, "ivr"),
    });
    await expect(twice).rejects.toThrow(taken("ivr", 'in this workspace ("Main PBX")'));
    // Another application on that Asterisk is fine.
    await ws.caller.providers.create({
      kind: "ASTERISK",
      name: "Second app",
      asterisk: asterisk(`http://${host("same")}:8088`, "ivr-2"),
    });
  });

  it("an account stored before the rule (its bare name) holds the name on every Asterisk until saved again", async () => {
    const old = await h.workspace("ari-name-old");
    const name = `legacy-${run}`;
    const row = await h.db.providerAccount.create({
      data: {
        tenantId: old.tenantId,
        kind: "ASTERISK",
        name: "Old PBX",
        externalId: name,
        ...sealCredentials(old.tenantId, "ASTERISK", asterisk(`http://${host("old")}:8088`, name)),
      },
    });
    const other = await h.workspace("ari-name-new");
    const create = () =>
      other.caller.providers.create({
        kind: "ASTERISK",
        name: "New PBX",
        asterisk: asterisk(`http://${host("new")}:8088`, name),
      });
    await expect(create()).rejects.toThrow(taken(name, "for another workspace"));
    // Saved by its workspace, it takes the per-Asterisk form and frees the name elsewhere.
    const saved = await old.caller.providers.update({ id: row.id, name: "Old PBX" });
    expect(saved.externalId).toBe(`${name}@${host("old")}`);
    expect((await create()).externalId).toBe(`${name}@${host("new")}`);
  });
});
