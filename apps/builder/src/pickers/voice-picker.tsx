import { VOICES, voicesFor, type VoiceChoice } from "@ringflow/flow-schema";
import { Volume2 } from "lucide-react";
import { useState } from "react";

const ENGINE = { polly: "Amazon", basic: "Twilio" } as const;
const GENDER = { female: "woman", male: "man" } as const;
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

const describe = (v: VoiceChoice) => `${v.name}: ${GENDER[v.gender]}, ${ENGINE[v.engine]}`;

/**
 * The voice a prompt is spoken in, chosen from the voices of each language the flow speaks, with a "Hear it"
 * preview in the browser's own voice (an approximation: the phone's voice is the provider's).
 */
export function VoicePicker({
  id,
  value,
  onChange,
  languages,
  sample,
}: {
  id: string;
  value: string;
  onChange(voice: string | undefined): void;
  languages: string[];
  /** The text to preview, per language. */
  sample: Record<string, string>;
}) {
  const [note, setNote] = useState("");
  const groups = [
    ...languages.map((language) => ({
      language: languageNames.of(language) ?? language,
      voices: voicesFor(language).filter((v) => v.engine !== "basic"),
    })),
    { language: "Any language", voices: VOICES.filter((v) => v.engine === "basic") },
  ];
  const known = groups.some((g) => g.voices.some((v) => v.id === value));
  const chosen = groups.flatMap((g) => g.voices).find((v) => v.id === value);
  const hear = () => {
    const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
    if (!synth) return setNote("This browser cannot speak; the test call reads prompts in its own voice.");
    const language = chosen && chosen.language !== "*" ? chosen.language : (languages[0] ?? "en-US");
    const text =
      sample[language]?.trim() || sample[languages[0] ?? ""]?.trim() || "Hello, thanks for calling.";
    const utterance = new SpeechSynthesisUtterance(text.replace(/<[^>]+>/g, " ").slice(0, 300));
    utterance.lang = language;
    const local = synth
      .getVoices()
      .filter((v) => v.lang.replace("_", "-").startsWith(language.split("-")[0]!))
      .find((v) => (chosen?.gender === "male" ? /male|man/i.test(v.name) : true));
    if (local) utterance.voice = local;
    synth.cancel();
    synth.speak(utterance);
    setNote(
      `Playing in your browser's ${local?.name ?? "default"} voice: an approximation; callers hear ${
        chosen ? chosen.name : "the standard voice"
      }.`,
    );
  };
  return (
    <div className="voice-picker">
      <div className="voice-picker-row">
        <select id={id} value={value} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">Standard voice of the language</option>
          {!known && value && <option value={value}>{value} (set elsewhere)</option>}
          {groups.map(({ language, voices }) => (
            <optgroup key={language} label={language}>
              {voices.map((v) => (
                <option key={v.id} value={v.id}>
                  {describe(v)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <button type="button" className="secondary" onClick={hear}>
          <Volume2 size={14} aria-hidden="true" /> Hear it
        </button>
      </div>
      <p className="help" aria-live="polite">
        {note || "“Hear it” plays an approximation in your browser's voice."}
      </p>
    </div>
  );
}
