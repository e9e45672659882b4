import { describe, expect, it } from "vitest";
import { espeakVoice, parseVoiceList } from "./espeak-engine.ts";
import { runProgram } from "./run-program.ts";

describe("espeak-ng voices for the flow's languages and voices", () => {
  it("finds each builder language's espeak voice, female or male as the chosen voice is", async () => {
    // The machine's own espeak-ng list, as the engine reads it.
    const available = parseVoiceList(await runProgram("espeak-ng", ["--voices"]));
    expect(available.has("en-us")).toBe(true);
    expect(espeakVoice(available, "en-US", "Polly.Joanna")).toBe("en-us+f3");
    expect(espeakVoice(available, "en-GB", "Polly.Brian")).toBe("en-gb+m3");
    expect(espeakVoice(available, "en-AU")).toBe("en-gb");
    expect(espeakVoice(available, "es-MX", "Polly.Mia")).toBe("es-419+f3");
    expect(espeakVoice(available, "es-ES")).toBe("es");
    expect(espeakVoice(available, "fr-CA")).toBe("fr-fr");
    expect(espeakVoice(available, "de-DE", "man")).toBe("de+m3");
    expect(espeakVoice(available, "pt-BR")).toBe("pt-br");
    expect(espeakVoice(available, "ja-JP")).toBe("ja");
    // A language espeak does not speak: US English rather than silence.
    expect(espeakVoice(available, "xx-YY")).toBe("en-us");
  });
});
