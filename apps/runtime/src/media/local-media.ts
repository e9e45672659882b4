import { writeFile, rm } from "node:fs/promises";
import { z } from "zod";
import { spokenTextLimit } from "@ringflow/flow-schema";
import { OutboundGuard, OutboundRefusedError, type Redis } from "@ringflow/platform";
import { audioFacts, readAsset, type ObjectStore } from "@ringflow/recordings";
import type { AsteriskMedia } from "./asterisk-media.ts";
import { ConcurrencyLimit } from "./concurrency-limit.ts";
import { espeakEngine } from "./espeak-engine.ts";
import type { MediaCache } from "./media-cache.ts";
import { toAsteriskWav } from "./sox.ts";
import { MediaRefusedError, type SpeechEngine } from "./speech-engine.ts";

type SpeechInput = Parameters<AsteriskMedia["speech"]>[0];
type AudioInput = Parameters<AsteriskMedia["audio"]>[0];

/** What a media file was made from, kept in Redis so another runtime process can make it again on a miss. */
const recipeSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("speech"),
    tenantId: z.string(),
    text: z.string(),
    voice: z.string().optional(),
    language: z.string(),
  }),
  z.object({ kind: z.literal("audio"), tenantId: z.string(), url: z.string() }),
]);
type Recipe = z.infer<typeof recipeSchema>;

type AssetRow = Parameters<typeof readAsset>[1];

export interface LocalMediaOptions {
  cache: MediaCache;
  /** The runtime's URL as Asterisk reaches it (the media route is under it). */
  baseUrl: string;
  /** Uploaded prompts, looked up in the asking tenant only. */
  assets: {
    findAsset(where: { id: string; tenantId: string }): Promise<AssetRow | null>;
    store: ObjectStore;
  };
  engine?: SpeechEngine;
  /** Audio made at once (speech and conversions); the rest waits its turn. */
  concurrency?: number;
  maxWaiting?: number;
  /** Hosts a play block's link may reach although private (the HTTP request nodes' allow-list). */
  allowHosts?: string[];
  /** Recipes of made files, so any process can serve any file; without it only this process can. */
  redis?: Redis;
  holdClass?: string;
  /** A linked file is fetched again after this long (it may have changed at its source). */
  urlMaxAgeMs?: number;
  maxAudioBytes?: number;
}

const RECIPE_SECONDS = 7 * 24 * 3600;
/** A file made (or found) and its recipe stored this recently is not looked for again: a menu said again. */
const READY_MS = 60_000;
const MAX_READY = 10_000;
const recipeKey = (key: string) => `media:recipe:${key}`;

/**
 * Asterisk's media made on this machine: speech from a local engine (espeak-ng by default), uploaded and linked
 * audio converted with sox, all as 8 kHz mono 16-bit wav in a disk cache served by the media route.
 */
export class LocalAsteriskMedia implements AsteriskMedia {
  readonly cache: MediaCache;
  private readonly engine: SpeechEngine;
  private readonly limit: ConcurrencyLimit;
  private readonly guard: OutboundGuard;
  /** Keys made or found (their recipe stored) lately, with when: the hot path's disk and Redis look-ups skipped. */
  private readonly ready = new Map<string, number>();

  constructor(private readonly options: LocalMediaOptions) {
    this.cache = options.cache;
    this.engine = options.engine ?? espeakEngine();
    this.limit = new ConcurrencyLimit(options.concurrency ?? 2, options.maxWaiting);
    this.guard = new OutboundGuard({ allow: options.allowHosts ?? [] });
  }

  speech(input: SpeechInput): Promise<string> {
    return this.prepare({ kind: "speech", ...input });
  }

  audio(input: AudioInput): Promise<string> {
    return this.prepare({ kind: "audio", ...input });
  }

  holdClass(): string {
    return this.options.holdClass ?? "default";
  }

  uri(key: string): string {
    return `sound:${this.options.baseUrl.replace(/\/+$/, "")}/media/${key}.wav`;
  }

  /** The file for a media key: made here, or made again from the recipe another process left; null if neither. */
  async fileFor(key: string): Promise<string | null> {
    if (await this.cache.has(key)) {
      await this.cache.touch(key);
      return this.cache.file(key);
    }
    const stored = await this.options.redis?.get(recipeKey(key));
    const recipe = stored ? recipeSchema.safeParse(JSON.parse(stored)) : null;
    if (!recipe?.success) return null;
    const made = await this.plan(recipe.data).catch(() => null);
    if (made?.key !== key) return null;
    await this.cache.ensure(key, made.make, made.maxAgeMs);
    return this.cache.file(key);
  }

  private async prepare(recipe: Recipe): Promise<string> {
    const { key, make, maxAgeMs } = await this.plan(recipe);
    const readyAt = this.ready.get(key);
    if (readyAt !== undefined && Date.now() - readyAt < READY_MS) return this.uri(key);
    await this.cache.ensure(key, make, maxAgeMs);
    await this.options.redis?.set(recipeKey(key), JSON.stringify(recipe), "EX", RECIPE_SECONDS);
    this.ready.delete(key);
    if (this.ready.size >= MAX_READY) this.ready.delete(this.ready.keys().next().value as string);
    this.ready.set(key, Date.now());
    return this.uri(key);
  }

  /** The file's key and how to make it. */
  private async plan(
    recipe: Recipe,
  ): Promise<{ key: string; make: (outFile: string) => Promise<void>; maxAgeMs?: number }> {
    if (recipe.kind === "speech") {
      const limit = spokenTextLimit(recipe.voice);
      if (recipe.text.length > limit)
        throw new MediaRefusedError(
          `The text is ${recipe.text.length} characters long; the phone can speak at most ${limit} at once.`,
        );
      const { tenantId, text, voice, language } = recipe;
      return {
        key: this.cache.keyOf([this.engine.id, tenantId, text, voice ?? "", language]),
        make: (outFile) =>
          this.limit.run(async () => {
            const raw = this.cache.scratch("wav");
            try {
              await this.engine.synthesize({ text, language, ...(voice ? { voice } : {}) }, raw);
              await toAsteriskWav(raw, outFile);
            } finally {
              await rm(raw, { force: true });
            }
          }),
      };
    }
    const assetId = /^asset:(.+)$/.exec(recipe.url)?.[1];
    if (assetId) {
      const row = await this.options.assets.findAsset({ id: assetId, tenantId: recipe.tenantId });
      if (!row) throw new MediaRefusedError("This uploaded audio file was removed.");
      return {
        // The digest names the content, so a replaced file is never played from an old copy.
        key: this.cache.keyOf(["asset", recipe.tenantId, assetId, row.sha256]),
        make: async (outFile) => this.convert(await readAsset(this.options.assets.store, row), outFile),
      };
    }
    if (!URL.canParse(recipe.url))
      throw new MediaRefusedError(`This is not a link to audio: ${recipe.url.slice(0, 200)}`);
    return {
      key: this.cache.keyOf(["url", recipe.tenantId, recipe.url]),
      maxAgeMs: this.options.urlMaxAgeMs ?? 3600_000,
      make: async (outFile) => this.convert(await this.download(recipe.url), outFile),
    };
  }

  private async download(url: string): Promise<Buffer> {
    try {
      const response = await this.guard.requestBytes(url, {
        maxResponseBytes: this.options.maxAudioBytes ?? 10 * 1024 * 1024,
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status !== 200)
        throw new MediaRefusedError(
          `The audio at ${new URL(url).host} could not be fetched (it answered ${response.status}).`,
        );
      return response.body;
    } catch (error) {
      if (error instanceof OutboundRefusedError)
        throw new MediaRefusedError(`This audio link cannot be used: ${error.message}.`);
      throw error;
    }
  }

  /** Uploaded or fetched audio (sniffed, never trusted) into Asterisk's wav. */
  private async convert(bytes: Buffer, outFile: string): Promise<void> {
    const facts = audioFacts(bytes);
    if (!facts) throw new MediaRefusedError("This audio is not an MP3 or WAV file.");
    const input = this.cache.scratch(facts.contentType === "audio/wav" ? "wav" : "mp3");
    try {
      await writeFile(input, bytes);
      await this.limit.run(() => toAsteriskWav(input, outFile));
    } finally {
      await rm(input, { force: true });
    }
  }
}
