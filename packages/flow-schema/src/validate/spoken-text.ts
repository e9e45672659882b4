import type { FlowDocument } from "../graph.ts";
import { spokenTextLimit, SPOKEN_TEXT_LIMITS } from "../voices.ts";
import type { NodeFacts } from "./index.ts";
import type { Problem } from "./problem.ts";
import { languageMaps } from "./translations.ts";

const count = (n: number) => n.toLocaleString("en-US");

/** Text longer than the provider can speak in one go is refused, with its length and the limit in words. */
export function checkSpokenText(doc: FlowDocument, facts: NodeFacts[], problems: Problem[]): void {
  doc.nodes.forEach((node, i) => {
    if (facts[i]?.params === undefined) return;
    for (const { path, texts, owner } of languageMaps(node.params, ["params"])) {
      const voice = typeof owner.voice === "string" ? owner.voice : undefined;
      const limit = spokenTextLimit(voice);
      for (const [language, text] of Object.entries(texts)) {
        if (text.length <= limit) continue;
        problems.push({
          severity: "error",
          code: "text-too-long",
          nodeId: node.id,
          path,
          message:
            `The ${language} text is ${count(text.length)} characters long; the phone can speak at most ` +
            `${count(limit)} at once${limit === SPOKEN_TEXT_LIMITS.polly ? " with an Amazon Polly voice" : ""}. ` +
            "Shorten it or split it over two blocks.",
        });
      }
    }
  });
}
