import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { sealCredentials, type Db } from "@ringflow/db";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { ed25519Sign, rawPublicKey } from "../adapters/carriers/ed25519.ts";
import { signRequest } from "../adapters/twilio/signature.ts";
import { FakeTwilio } from "./fake-twilio.ts";
import { fictionalNumber } from "./seed.ts";

/** Welcome, a menu: 1 is a transfer (then thanks), 2 says goodbye. Nothing a TwiML dialect lacks. */
export const transferLine = () =>
  buildFlow({
    name: "Transfer line",
    nodes: {
      start: ["start", { accepts: ["inbound", "outbound"] }],
      welcome: ["say", { text: { "en-US": "Welcome to Acme." } }],
      menu: [
        "menu",
        {
          prompt: { type: "say", text: { "en-US": "Press 1 for sales, 2 to leave." } },
          options: [
            { id: "sales", dtmf: "1" },
            { id: "leave", dtmf: "2" },
          ],
        },
      ],
      transfer: ["transfer", { target: { type: "phone", value: "+14155550123" }, timeoutSeconds: 20 }],
      thanks: ["say", { text: { "en-US": "Thanks for calling." } }],
      bye: ["hangup", {}],
    },
    edges: [
      ["start", "inbound", "welcome"],
      ["start", "outbound", "welcome"],
      ["welcome", "next", "menu"],
      ["menu", "sales", "transfer"],
      ["menu", "leave", "thanks"],
      ["menu", "noInput", "bye"],
      ["menu", "noMatch", "bye"],
      ["transfer", "answered", "thanks"],
      ["transfer", "noAnswer", "thanks"],
      ["transfer", "busy", "thanks"],
      ["transfer", "failed", "thanks"],
      ["thanks", "next", "bye"],
    ],
  });

export interface CarrierAccountSeed {
  providerAccountId: string;
  number: string;
  /** A FakeTwilio that speaks this carrier: its prefix, its signature, its extra fields. */
  carrier(publicUrl: string, instances: string[]): FakeTwilio;
}

async function accountWithNumber(
  db: Db,
  tenantId: string,
  flowId: string,
  kind: "SIGNALWIRE" | "TELNYX",
  externalId: string,
  credentials: Record<string, string>,
) {
  const account = await db.providerAccount.create({
    data: {
      tenantId,
      kind,
      name: `Test ${kind}`,
      externalId,
      ...sealCredentials(tenantId, kind, credentials),
    },
  });
  const number = fictionalNumber();
  const phone = await db.phoneNumber.create({
    data: { tenantId, providerAccountId: account.id, e164: number },
  });
  await db.numberBinding.create({ data: { tenantId, phoneNumberId: phone.id, flowId } });
  return { providerAccountId: account.id, number };
}

/** A SignalWire project: X-SignalWire-Signature (and the same as X-Twilio-Signature) with its signing key. */
export async function seedSignalWire(db: Db, tenantId: string, flowId: string): Promise<CarrierAccountSeed> {
  const projectId = randomUUID();
  const signingKey = `PSK_${randomBytes(12).toString("hex")}`;
  const seeded = await accountWithNumber(db, tenantId, flowId, "SIGNALWIRE", projectId, {
    spaceUrl: "acme.signalwire.com",
    projectId,
    apiToken: `PT${randomBytes(16).toString("hex")}`,
    signingKey,
  });
  return {
    ...seeded,
    carrier: (publicUrl, instances) =>
      new FakeTwilio({
        publicUrl,
        instances,
        accountSid: projectId,
        authToken: signingKey,
        prefix: "signalwire",
        sign: (url, params) => {
          const signature = signRequest(signingKey, url, params);
          return { "x-signalwire-signature": signature, "x-twilio-signature": signature };
        },
      }),
  };
}

export interface TelnyxSeed extends CarrierAccountSeed {
  applicationId: string;
  /** Signs as Telnyx does, at `timestamp` (seconds). */
  signAt(timestamp: number, body: string): Record<string, string>;
}

/** A Telnyx TeXML application: Ed25519 over `${timestamp}|${body}` with a key pair made for the test. */
export async function seedTelnyx(db: Db, tenantId: string, flowId: string): Promise<TelnyxSeed> {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const applicationId = String(1_000_000_000_000 + Math.floor(Math.random() * 1e12));
  const seeded = await accountWithNumber(db, tenantId, flowId, "TELNYX", applicationId, {
    apiKey: `KEY${randomBytes(16).toString("hex")}`,
    applicationId,
    publicKey: rawPublicKey(publicKey),
  });
  const signAt = (timestamp: number, body: string) => ({
    "telnyx-timestamp": String(timestamp),
    "telnyx-signature-ed25519": ed25519Sign(privateKey, String(timestamp), body),
  });
  return {
    ...seeded,
    applicationId,
    signAt,
    carrier: (publicUrl, instances) =>
      new FakeTwilio({
        publicUrl,
        instances,
        accountSid: randomUUID(),
        authToken: "",
        prefix: "telnyx",
        extraParams: { ConnectionId: applicationId },
        sign: (_url, _params, body) => signAt(Math.floor(Date.now() / 1000), body),
      }),
  };
}
