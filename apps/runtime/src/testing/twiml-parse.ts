import { unescapeXml } from "../adapters/twilio/ssml.ts";

/** A TwiML verb as the harness reads it: name, attributes, text, nested verbs. */
export interface Verb {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Verb[];
}

const TOKEN = /<(\/?)([A-Za-z]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;

/** The verbs of a TwiML document (the children of <Response>). Enough XML for what Twilio's builder writes. */
export function parseTwiml(xml: string): Verb[] {
  const root: Verb = { name: "#root", attributes: {}, text: "", children: [] };
  const stack = [root];
  for (const match of xml.replace(/<\?xml[^>]*\?>/, "").matchAll(TOKEN)) {
    const [, closing, name, attrs, selfClosing, text] = match;
    const top = stack[stack.length - 1] as Verb;
    if (text !== undefined) {
      top.text += unescapeXml(text);
      continue;
    }
    if (closing) {
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of (attrs ?? "").matchAll(ATTRIBUTE))
      attributes[key as string] = unescapeXml(value as string);
    const verb: Verb = { name: name as string, attributes, text: "", children: [] };
    top.children.push(verb);
    if (!selfClosing) stack.push(verb);
  }
  const response = root.children[0];
  if (response?.name !== "Response") throw new Error(`not TwiML: ${xml.slice(0, 200)}`);
  return response.children;
}
