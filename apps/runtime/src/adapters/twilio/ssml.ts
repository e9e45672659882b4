/** SSML elements Twilio's <Say> accepts (Amazon Polly and Google voices); other tags keep only their text. */
const SAY_SSML_TAGS = new Set([
  "break",
  "emphasis",
  "lang",
  "p",
  "phoneme",
  "prosody",
  "s",
  "say-as",
  "sub",
  "w",
  "amazon:domain",
  "amazon:effect",
]);

interface Node {
  addText(content: string): void;
  addChild(tagName: string, attributes: object): Node;
}

const TOKEN = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+|<)/g;
const ATTRIBUTE = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** XML's five entities back to characters. */
export const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/**
 * Adds an SSML text to a <Say> through the twilio builder's generic children, so the builder escapes every
 * text and attribute and only known SSML elements reach Twilio. Unbalanced markup degrades to plain text.
 */
export function appendSsml(say: Node, ssml: string): void {
  const stack: { name: string; node: Node }[] = [{ name: "", node: say }];
  for (const [, closing, rawName, attrs, selfClosing, text] of ssml.matchAll(TOKEN)) {
    const top = stack[stack.length - 1] as { name: string; node: Node };
    if (text !== undefined) {
      top.node.addText(unescapeXml(text));
      continue;
    }
    const name = (rawName as string).toLowerCase();
    if (!SAY_SSML_TAGS.has(name)) continue;
    if (closing) {
      if (top.name === name) stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, double, single] of (attrs ?? "").matchAll(ATTRIBUTE))
      attributes[key as string] = unescapeXml(double ?? single ?? "");
    const child = top.node.addChild(name, attributes);
    if (!selfClosing) stack.push({ name, node: child });
  }
}
