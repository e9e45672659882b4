/**
 * The sounds Twilio's Voice SDK plays (its Device's `sounds` option names them), served by the API at
 * `/phone-sounds/<name>.wav` so the browser phone loads none from Twilio's sound host: the page's
 * Content-Security-Policy stays 'self' and the tones work offline.
 */
export const PHONE_SOUND_NAMES = [
  "incoming",
  "outgoing",
  "disconnect",
  "dtmf0",
  "dtmf1",
  "dtmf2",
  "dtmf3",
  "dtmf4",
  "dtmf5",
  "dtmf6",
  "dtmf7",
  "dtmf8",
  "dtmf9",
  "dtmfs",
  "dtmfh",
] as const;

export type PhoneSoundName = (typeof PHONE_SOUND_NAMES)[number];

export const PHONE_SOUNDS_PATH = "/phone-sounds";

export const phoneSoundPath = (name: PhoneSoundName) => `${PHONE_SOUNDS_PATH}/${name}.wav`;
