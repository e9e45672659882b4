/**
 * Voices a Say can use on Twilio, per language: Amazon Polly voices (`Polly.<Name>`) and Twilio's basic
 * voices. The list is what the builder offers; any other voice id still parses (imported flows keep theirs).
 */
export interface VoiceChoice {
  id: string;
  name: string;
  /** BCP 47 tag of the language the voice speaks. */
  language: string;
  gender: "female" | "male";
  engine: "polly" | "basic";
}

const polly = (language: string, voices: [string, "female" | "male"][]): VoiceChoice[] =>
  voices.map(([name, gender]) => ({ id: `Polly.${name}`, name, language, gender, engine: "polly" }));

export const VOICES: VoiceChoice[] = [
  ...polly("en-US", [
    ["Joanna", "female"],
    ["Salli", "female"],
    ["Kendra", "female"],
    ["Matthew", "male"],
    ["Joey", "male"],
    ["Justin", "male"],
  ]),
  ...polly("en-GB", [
    ["Amy", "female"],
    ["Emma", "female"],
    ["Brian", "male"],
  ]),
  ...polly("en-AU", [
    ["Nicole", "female"],
    ["Russell", "male"],
  ]),
  ...polly("es-ES", [
    ["Lucia", "female"],
    ["Conchita", "female"],
    ["Enrique", "male"],
  ]),
  ...polly("es-US", [
    ["Penelope", "female"],
    ["Lupe", "female"],
    ["Miguel", "male"],
  ]),
  ...polly("es-MX", [["Mia", "female"]]),
  ...polly("fr-FR", [
    ["Celine", "female"],
    ["Lea", "female"],
    ["Mathieu", "male"],
  ]),
  ...polly("fr-CA", [["Chantal", "female"]]),
  ...polly("de-DE", [
    ["Marlene", "female"],
    ["Vicki", "female"],
    ["Hans", "male"],
  ]),
  ...polly("it-IT", [
    ["Carla", "female"],
    ["Bianca", "female"],
    ["Giorgio", "male"],
  ]),
  ...polly("pt-BR", [
    ["Camila", "female"],
    ["Vitoria", "female"],
    ["Ricardo", "male"],
  ]),
  ...polly("nl-NL", [
    ["Lotte", "female"],
    ["Ruben", "male"],
  ]),
  ...polly("ja-JP", [
    ["Mizuki", "female"],
    ["Takumi", "male"],
  ]),
  { id: "woman", name: "Basic woman", language: "*", gender: "female", engine: "basic" },
  { id: "man", name: "Basic man", language: "*", gender: "male", engine: "basic" },
];

/** The voices that speak a language (its exact tag first, then the same language elsewhere), then basic ones. */
export function voicesFor(language: string): VoiceChoice[] {
  const base = language.split("-")[0];
  const exact = VOICES.filter((v) => v.language === language);
  const near = VOICES.filter((v) => v.language !== language && v.language.split("-")[0] === base);
  return [...exact, ...near, ...VOICES.filter((v) => v.engine === "basic")];
}

/**
 * How much text Twilio speaks in one <Say>: it warns past 4,096 characters, and Amazon Polly voices take at
 * most 3,000. Past the limit a caller hears nothing or a cut, so validation refuses it.
 */
export const SPOKEN_TEXT_LIMITS = { default: 4096, polly: 3000 } as const;

export function spokenTextLimit(voice: string | undefined): number {
  return voice?.startsWith("Polly.") ? SPOKEN_TEXT_LIMITS.polly : SPOKEN_TEXT_LIMITS.default;
}
