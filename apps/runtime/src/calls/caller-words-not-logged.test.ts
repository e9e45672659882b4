import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@ringflow/db";
import { testDatabaseUrl } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createLogger, loggableDbError } from "@ringflow/platform";
import { FakeTwilio } from "../testing/fake-twilio.ts";
import { startLogWriter, startRuntime, type RuntimeInstance } from "../testing/runtime-instance.ts";
import { eventually, seedTwilioTenant, type SeededTenant } from "../testing/seed.ts";

const PUBLIC_URL = "https://voice.ringflow.example";
const db = createDb(testDatabaseUrl(), { max: 2 });
/** Every line the runtime and its log writer wrote, at every level, through the services' own logger. */
const lines: string[] = [];
const logger = createLogger("runtime", {
  level: "trace",
  destination: { write: (line) => lines.push(line) },
});

// What the caller enters, says and leaves on voicemail: none of it may reach a service log.
const DIGITS = "58213947";
const SPEECH = "my late husband's pension was stopped in March";
const TRANSCRIPT = "Hi, this is Dana, my date of birth is the fourth of July nineteen sixty";

const say = (text: string) => ({ type: "say" as const, text: { "en-US": text } });

let runtime: RuntimeInstance;
let writer: { close(): Promise<void> };
let tenant: SeededTenant;
let twilio: FakeTwilio;

beforeAll(async () => {
  runtime = await startRuntime({ publicUrl: PUBLIC_URL, inlineHttpMs: 1000 }, { logger });
  writer = await startLogWriter(db, undefined, logger);
  tenant = await seedTwilioTenant(db, () =>
    buildFlow({
      name: "Benefits line",
      variables: [
        { name: "member", type: "string", default: "" },
        { name: "reason", type: "string", default: "" },
      ],
      nodes: {
        start: ["start"],
        member: [
          "collect",
          { prompt: say("Enter your member number."), variable: "member", maxLength: 8, finishOnKey: "#" },
        ],
        reason: [
          "collect",
          { prompt: say("Tell us why you are calling."), variable: "reason", input: "speech" },
        ],
        echo: ["say", { text: { "en-US": "You said {{vars.reason}}, member {{vars.member}}." } }],
        message: ["voicemail", { greeting: say("Leave a message."), mailbox: "benefits", transcribe: true }],
        bye: ["hangup", {}],
      },
      edges: [
        ["start", "inbound", "member"],
        ["member", "valid", "reason"],
        ["reason", "valid", "echo"],
        ["echo", "next", "message"],
        ["message", "recorded", "bye"],
        ["message", "empty", "bye"],
      ],
    }),
  );
  twilio = new FakeTwilio({
    publicUrl: PUBLIC_URL,
    instances: [runtime.url],
    accountSid: tenant.accountSid,
    authToken: tenant.authToken,
  });
});

afterAll(async () => {
  await writer.close();
  await runtime.close();
  await db.$disconnect();
});

describe("what callers say and enter never appears in service logs", () => {
  it("keeps a call's digits, speech and voicemail transcript out of every log line while the call log holds them", async () => {
    const call = await twilio.call({ from: "+14155550100", to: tenant.number });
    await call.press(DIGITS);
    await call.speak(SPEECH);
    // The caller heard them back: the flow did use what they entered.
    expect(call.spoken().join(" ")).toContain(SPEECH);
    const recordingSid = `RE${randomBytes(16).toString("hex")}`;
    const record = call.verb("Record").attributes;
    await call.recorded(recordingSid, 6);
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${tenant.accountSid}/Recordings/${recordingSid}`;
    for (const response of [
      await twilio.post(record.recordingStatusCallback as string, {
        ...call.params,
        RecordingSid: recordingSid,
        RecordingUrl: recordingUrl,
        RecordingStatus: "completed",
        RecordingDuration: "6",
      }),
      await twilio.post(record.transcribeCallback as string, {
        ...call.params,
        RecordingSid: recordingSid,
        RecordingUrl: recordingUrl,
        TranscriptionText: TRANSCRIPT,
        TranscriptionStatus: "completed",
      }),
    ])
      expect(response.status).toBe(204);
    // A signed callback that fails validation: its error is logged, never the fields it carried.
    const malformed = await twilio.post(record.transcribeCallback as string, {
      AccountSid: tenant.accountSid,
      TranscriptionText: TRANSCRIPT,
    });
    expect(malformed.status).toBeGreaterThanOrEqual(400);

    // The call log wrote them (so they passed through the services that log), and the transcript too.
    const row = await eventually(() =>
      db.recording.findFirst({
        where: { tenantId: tenant.tenantId, providerRecordingId: recordingSid, transcript: { not: null } },
      }),
    );
    expect(row.transcript).toContain("Dana");
    const saved = await db.call.findFirstOrThrow({
      where: { tenantId: tenant.tenantId, providerCallId: call.callSid },
      select: { variables: true },
    });
    expect(JSON.stringify(saved.variables)).toContain(DIGITS);

    const log = lines.join("");
    // The capture works: the runtime did log this call's requests.
    expect(lines.length).toBeGreaterThan(3);
    expect(log).toContain("/twilio/");
    expect(log).toContain("malformed Twilio webhook");
    for (const secret of [DIGITS, SPEECH, "husband", TRANSCRIPT, "Dana", "nineteen sixty"])
      expect(log, `the log holds "${secret}"`).not.toContain(secret);
  });

  it("logs a refused database write by its reason, never the caller's values Prisma repeats in its message", async () => {
    const error = await db.call
      .create({
        data: {
          tenantId: tenant.tenantId,
          provider: "TWILIO",
          providerCallId: `CA${randomBytes(16).toString("hex")}`,
          direction: "INBOUND",
          fromNumber: "+14155550100",
          toNumber: tenant.number,
          variables: { member: DIGITS, reason: SPEECH },
          // @ts-expect-error a field the table does not have: Prisma refuses the write before sending it.
          notAColumn: 1,
        },
      })
      .catch((e: unknown) => e as Error);
    // What the call log writer would have logged before: the refused query, caller's words and all.
    expect((error as Error).message).toContain(DIGITS);
    const before = lines.length;
    logger.warn({ err: loggableDbError(error) }, "a log batch failed; writing entry by entry");
    const line = JSON.parse(lines.slice(before).join("")) as { err: { type: string; reason: string } };
    expect(line.err.type).toBe("PrismaClientValidationError");
    expect(line.err.reason).toMatch(/notAColumn/);
    expect(JSON.stringify(line)).not.toContain(DIGITS);
    expect(JSON.stringify(line)).not.toContain("husband");
  });
});
