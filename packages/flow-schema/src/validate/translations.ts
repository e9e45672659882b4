import type { FlowDocument } from "../graph.ts";
import type { NodeFacts } from "./index.ts";
import type { Problem } from "./problem.ts";

const TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Texts spoken per language (`text: { "en-US": ... }`) should exist in every language the flow supports. */
export function checkTranslations(doc: FlowDocument, facts: NodeFacts[], problems: Problem[]): void {
  const { supported, default: fallback } = doc.languages;
  doc.nodes.forEach((node, i) => {
    if (facts[i]?.params === undefined) return;
    for (const { path, texts } of languageMaps(node.params, ["params"])) {
      for (const language of supported) {
        if (texts[language]?.trim()) continue;
        const heard = texts[fallback]?.trim() ? fallback : Object.keys(texts).find((l) => texts[l]?.trim());
        problems.push({
          severity: "warning",
          code: "missing-translation",
          nodeId: node.id,
          path: [...path, language],
          message: `There is no ${language} text here; callers using ${language} hear the ${heard ?? "empty"} text instead.`,
        });
      }
    }
  });
}

/**
 * Every `text` language map inside params, with the object holding it (its voice sits beside it). One path
 * array is reused while walking; results get copies.
 */
export function languageMaps(
  value: unknown,
  path: (string | number)[],
  out: { path: (string | number)[]; texts: Record<string, string>; owner: Record<string, unknown> }[] = [],
) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      languageMaps(value[i], path, out);
      path.pop();
    }
  } else if (value !== null && typeof value === "object") {
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      path.push(key);
      if (key === "text" && isLanguageMap(item))
        out.push({ path: [...path], texts: item, owner: value as Record<string, unknown> });
      else if (item !== null && typeof item === "object") languageMaps(item, path, out);
      path.pop();
    }
  }
  return out;
}

function isLanguageMap(value: unknown): value is Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([k, v]) => TAG.test(k) && typeof v === "string");
}
