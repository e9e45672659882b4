import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeySpec } from "@ringflow/db";
import { resealDataKey } from "./audio-crypto.ts";
import { audioFacts } from "./audio-format.ts";
import { LocalObjectStore } from "./local-store.ts";
import { speak, wavSeconds } from "./testing/speak.ts";
import { readAudio, storeAudio } from "./vault.ts";

describe("encrypted recordings in local storage", () => {
  let dir: string;
  let store: LocalObjectStore;
  let audio: Buffer;
  const previousKeys = process.env.RINGFLOW_SECRET_KEYS;
  beforeAll(async () => {
    process.env.RINGFLOW_SECRET_KEYS = generateKeySpec("old");
    dir = await mkdtemp(path.join(tmpdir(), "ringflow-vault-"));
    store = new LocalObjectStore(dir);
    audio = await speak("Thank you for calling. Your appointment is on Tuesday.");
  });
  afterAll(async () => {
    process.env.RINGFLOW_SECRET_KEYS = previousKeys;
    await rm(dir, { recursive: true, force: true });
  });

  it("stores bytes that are not the audio and reads back exactly the audio", async () => {
    const recording = { tenantId: randomUUID(), id: randomUUID() };
    const stored = await storeAudio(store, recording, audio, "audio/wav");
    const onDisk = await readFile(path.join(dir, stored.storageKey));
    expect(onDisk.length).toBe(audio.length + 28);
    expect(onDisk.includes(audio.subarray(44, 300))).toBe(false);
    expect(onDisk.subarray(0, 4).toString()).not.toBe("RIFF");
    expect(stored.sizeBytes).toBe(audio.length);
    const read = await readAudio(store, { ...recording, ...stored });
    expect(read.equals(audio)).toBe(true);
  });

  it("refuses a data key or audio moved to another recording, and tampered audio", async () => {
    const recording = { tenantId: randomUUID(), id: randomUUID() };
    const stored = await storeAudio(store, recording, audio, "audio/wav");
    await expect(readAudio(store, { ...recording, id: randomUUID(), ...stored })).rejects.toThrow();
    await expect(readAudio(store, { ...recording, tenantId: randomUUID(), ...stored })).rejects.toThrow();
    const file = path.join(dir, stored.storageKey);
    const bytes = await readFile(file);
    bytes[bytes.length - 1]! ^= 1;
    await writeFile(file, bytes);
    await expect(readAudio(store, { ...recording, ...stored })).rejects.toThrow();
  });

  it("rotation reseals the data key with the new deployment key and leaves the audio untouched", async () => {
    const recording = { tenantId: randomUUID(), id: randomUUID() };
    const stored = await storeAudio(store, recording, audio, "audio/wav");
    const before = await readFile(path.join(dir, stored.storageKey));
    const oldSpec = process.env.RINGFLOW_SECRET_KEYS!;
    const newSpec = generateKeySpec("new");
    process.env.RINGFLOW_SECRET_KEYS = `${newSpec},${oldSpec}`;
    const resealed = resealDataKey({ ...recording, ...stored });
    expect(resealed.dataKeyId).toBe("new");
    process.env.RINGFLOW_SECRET_KEYS = newSpec;
    // Only the new key is left: the resealed key opens the same, unchanged file.
    expect((await readAudio(store, { ...recording, ...stored, ...resealed })).equals(audio)).toBe(true);
    await expect(readAudio(store, { ...recording, ...stored })).rejects.toThrow(/"old" is not in/);
    expect((await readFile(path.join(dir, stored.storageKey))).equals(before)).toBe(true);
    process.env.RINGFLOW_SECRET_KEYS = oldSpec;
  });

  it("reads a WAV's type and duration from its bytes as sox does", async () => {
    const long = await speak("One moment please.", { seconds: 7 });
    const file = path.join(dir, "long.wav");
    await writeFile(file, long);
    const facts = audioFacts(long);
    expect(facts?.contentType).toBe("audio/wav");
    expect(facts?.durationSeconds).toBeCloseTo(await wavSeconds(file), 2);
    expect(facts?.durationSeconds).toBeCloseTo(7, 1);
    expect(audioFacts(Buffer.from("<html>not audio</html>"))).toBeNull();
  });
});

describe("LocalObjectStore", () => {
  it("treats a missing object as null, deletes twice without error, and refuses escaping keys", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ringflow-store-"));
    const store = new LocalObjectStore(dir);
    await store.put("a/b.enc", Buffer.from("x"));
    expect((await store.get("a/b.enc"))?.toString()).toBe("x");
    await store.delete("a/b.enc");
    await store.delete("a/b.enc");
    expect(await store.get("a/b.enc")).toBeNull();
    await expect(store.put("../escape", Buffer.from("x"))).rejects.toThrow(/Invalid storage key/);
    await rm(dir, { recursive: true, force: true });
  });
});
