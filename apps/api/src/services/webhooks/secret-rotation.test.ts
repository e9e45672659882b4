import { afterAll, describe, expect, it } from "vitest";
import { generateKeySpec } from "@ringflow/db";
import { createHarness } from "../../testing/harness.ts";
import { rotateSecrets } from "../secrets/rotate.ts";
import { openWebhookSecret } from "./endpoints.ts";

describe("secrets rotate and webhook signing secrets", () => {
  const h = createHarness();
  const previous = process.env.RINGFLOW_SECRET_KEYS;
  afterAll(async () => {
    process.env.RINGFLOW_SECRET_KEYS = previous;
    await h.close();
  });

  it("reseals a webhook's secret with the new key, so the old key can go", async () => {
    const ws = await h.workspace("rotate-wh");
    // A public address: this harness allows no private one (the check resolves it; nothing is sent).
    const hook = await ws.caller.integrations.createWebhook({
      url: "https://93.184.215.14/hook",
      events: ["call.ended"],
    });
    const newKey = generateKeySpec("wh-rotated");
    process.env.RINGFLOW_SECRET_KEYS = `${newKey},${previous}`;
    const result = await rotateSecrets(h.db, { tenantId: ws.tenantId });
    expect(result.webhookSecrets).toEqual({ resealed: 1, alreadyCurrent: 0, failed: [] });
    process.env.RINGFLOW_SECRET_KEYS = newKey;
    const row = await h.db.webhookEndpoint.findFirstOrThrow({
      where: { id: hook.id, tenantId: ws.tenantId },
    });
    expect(row.secretKeyId).toBe(newKey.split(":")[0]);
    expect(openWebhookSecret(row)).toBe(hook.secret);
  });
});
