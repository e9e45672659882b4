import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** Twilio's own OpenAPI description of the 2010-04-01 API, from shared/ beside the checkout. */
export const TWILIO_OAI_FILE = path.join(
  process.env.TWILIO_OAI_DIR ?? path.resolve(import.meta.dirname, "../../../../../shared/twilio-oai"),
  "twilio_api_v2010.json",
);

type Schema = { $ref?: string; enum?: string[]; properties?: Record<string, Schema>; required?: string[] };
type Spec = {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

/**
 * The problems of one REST request we made, judged by Twilio's API description: a path it defines, a method it
 * allows there, form fields it knows, required ones present, enum values it lists. Empty when it conforms.
 */
export function twilioRequestProblems(method: string, url: string, body: string): string[] {
  if (!existsSync(TWILIO_OAI_FILE)) return [`no Twilio API description at ${TWILIO_OAI_FILE}`];
  const spec = JSON.parse(readFileSync(TWILIO_OAI_FILE, "utf8")) as Spec;
  const pathname = decodeURIComponent(new URL(url, "http://twilio").pathname);
  const template = Object.keys(spec.paths).find((candidate) =>
    new RegExp(`^${candidate.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`).test(pathname),
  );
  if (!template) return [`${pathname} is not a path of Twilio's API`];
  const operation = spec.paths[template]?.[method.toLowerCase()];
  if (!operation) return [`${method} is not allowed on ${template}`];
  const schema = operation.requestBody?.content?.["application/x-www-form-urlencoded"]?.schema;
  const form = new URLSearchParams(body);
  if (!schema) return [...form.keys()].length ? [`${template} takes no form body`] : [];
  const problems: string[] = [];
  for (const name of schema.required ?? []) if (!form.has(name)) problems.push(`${name} is required`);
  for (const [name, value] of form) {
    const field = schema.properties?.[name];
    if (!field) {
      problems.push(`${name} is not a field of ${template}`);
      continue;
    }
    const resolved = field.$ref ? spec.components.schemas[field.$ref.split("/").pop() as string] : field;
    if (resolved?.enum && !resolved.enum.includes(value))
      problems.push(`${name}=${value} is not one of ${resolved.enum.join(", ")}`);
  }
  return problems;
}
