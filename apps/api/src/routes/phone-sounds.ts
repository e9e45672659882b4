import type { FastifyInstance } from "fastify";
import { PHONE_SOUND_NAMES, PHONE_SOUNDS_PATH, type PhoneSoundName } from "@ringflow/flow-schema";
import { monoPcmWav } from "@ringflow/platform";

const RATE = 8000;
const VOLUME = 0.25;

/** A sound as bursts of summed sine tones: frequencies, then how long it sounds and the silence after. */
interface Burst {
  hz: readonly number[];
  onMs: number;
  offMs: number;
}

/** The standard keypad pairs (ITU-T Q.23): a row tone and a column tone. */
const dtmf = (low: number, high: number): Burst[] => [{ hz: [low, high], onMs: 160, offMs: 40 }];

/**
 * The tones, made here rather than shipped: the SDK's own files live on Twilio's host only. The ring is the
 * North American 440+480 Hz cadence (the SDK loops it), the outgoing chirp and the hang-up are short.
 */
const SOUNDS: Record<PhoneSoundName, Burst[]> = {
  incoming: [{ hz: [440, 480], onMs: 2000, offMs: 4000 }],
  outgoing: [
    { hz: [480], onMs: 120, offMs: 60 },
    { hz: [620], onMs: 120, offMs: 0 },
  ],
  disconnect: [
    { hz: [480, 620], onMs: 250, offMs: 250 },
    { hz: [480, 620], onMs: 250, offMs: 0 },
  ],
  dtmf1: dtmf(697, 1209),
  dtmf2: dtmf(697, 1336),
  dtmf3: dtmf(697, 1477),
  dtmf4: dtmf(770, 1209),
  dtmf5: dtmf(770, 1336),
  dtmf6: dtmf(770, 1477),
  dtmf7: dtmf(852, 1209),
  dtmf8: dtmf(852, 1336),
  dtmf9: dtmf(852, 1477),
  dtmfs: dtmf(941, 1209),
  dtmf0: dtmf(941, 1336),
  dtmfh: dtmf(941, 1477),
};

/** 16-bit mono PCM in a RIFF/WAVE file: every browser decodes it. */
export function phoneSoundWav(name: PhoneSoundName): Buffer {
  const samples: number[] = [];
  for (const burst of SOUNDS[name]) {
    const on = Math.round((burst.onMs / 1000) * RATE);
    for (let i = 0; i < on; i++) {
      const t = i / RATE;
      const sum = burst.hz.reduce((acc, hz) => acc + Math.sin(2 * Math.PI * hz * t), 0);
      samples.push((sum / burst.hz.length) * VOLUME);
    }
    for (let i = Math.round((burst.offMs / 1000) * RATE); i > 0; i--) samples.push(0);
  }
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(s * 32767), i * 2));
  return monoPcmWav(data, RATE);
}

const isSoundName = (name: string): name is PhoneSoundName =>
  (PHONE_SOUND_NAMES as readonly string[]).includes(name);

/** GET /phone-sounds/<name>.wav: the browser phone's tones, made once per process and cached by browsers. */
export async function phoneSoundRoutes(app: FastifyInstance) {
  const made = new Map<PhoneSoundName, Buffer>();
  app.get<{ Params: { file: string } }>(`${PHONE_SOUNDS_PATH}/:file`, async (request, reply) => {
    const name = request.params.file.replace(/\.wav$/, "");
    if (!request.params.file.endsWith(".wav") || !isSoundName(name))
      return reply.code(404).send({ error: "No such sound" });
    let wav = made.get(name);
    if (!wav) made.set(name, (wav = phoneSoundWav(name)));
    return reply
      .code(200)
      .headers({ "content-type": "audio/wav", "cache-control": "public, max-age=86400" })
      .send(wav);
  });
}
