import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { Db } from "@ringflow/db";
import type { FlowDocument } from "@ringflow/flow-schema";
import { startFakeAri, type FakeAri } from "@ringflow/platform/testing/fake-ari";
import {
  seedAsteriskTenant,
  spokenMedia,
  type AsteriskProcess,
  type AsteriskTenant,
  type SpokenMedia,
} from "./asterisk-runtime.ts";
import { startLogWriter } from "./runtime-instance.ts";

/** What a test file against the fake Asterisk shares: spoken media, the fake, one tenant, the log's writer. */
export interface FakeAsteriskFile {
  media: SpokenMedia;
  fake: FakeAri;
  tenant: AsteriskTenant;
  logWriter: { close(): Promise<void> };
}

/**
 * Opened before a file's tests: one ARI "second" of the fake lasts 100 ms (ring timeouts, recording lengths)
 * and a prompt plays for 150 ms; the tenant's extension answers with `document`; log rows are written under
 * the file's own key prefix.
 */
export async function openFakeAsterisk(
  db: Db,
  prefix: string,
  document: FlowDocument,
): Promise<FakeAsteriskFile> {
  const media = await spokenMedia(db);
  const applicationName = `ringflow-${randomBytes(3).toString("hex")}`;
  const fake = await startFakeAri({ app: applicationName, secondsMs: 100, playbackMs: 150 });
  const tenant = await seedAsteriskTenant(
    db,
    { url: fake.url, username: fake.username, password: fake.password, applicationName },
    document,
  );
  return { media, fake, tenant, logWriter: await startLogWriter(db, prefix) };
}

/** After each test: the runtime processes it started are closed, and the fake saw nothing Asterisk would refuse. */
export async function closeProcesses(processes: AsteriskProcess[], fake: FakeAri): Promise<void> {
  await Promise.all(processes.splice(0).map((p) => p.close()));
  expect(fake.problems()).toEqual([]);
}

/** After a file's tests. */
export async function closeFakeAsterisk(db: Db, file: FakeAsteriskFile): Promise<void> {
  await file.logWriter.close();
  await file.fake.close();
  await file.media.close();
  await db.$disconnect();
}

/** What the caller heard, in order: the texts of the media played to the channel. */
export const heardOn = (file: Pick<FakeAsteriskFile, "fake" | "media">, channelId: string): string[] =>
  file.fake.requests
    .filter((r) => r.method === "POST" && r.path.startsWith(`/channels/${channelId}/play/`))
    .flatMap((r) => String(r.query.media).split(","))
    .map((uri) => file.media.said(uri) ?? uri);
