import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Asterisk 22's own ARI description (Swagger 1.1: resources.json, one file per resource, events.json), from
 * shared/ beside the checkout, and the contract checks built on it: a REST request we make, an event Asterisk
 * sends us, a model we hand out. The fake ARI server uses the same checks on everything it receives and sends.
 */
export const ARI_DESCRIPTION_DIR =
  process.env.ARI_DESCRIPTION_DIR ?? path.resolve(import.meta.dirname, "../../../../../shared/asterisk-ari");

const allowableValuesSchema = z.object({
  valueType: z.enum(["LIST", "RANGE"]),
  values: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
const parameterSchema = z.object({
  name: z.string(),
  paramType: z.enum(["path", "query", "body", "header", "form"]),
  required: z.boolean().nullish(),
  allowMultiple: z.boolean().nullish(),
  dataType: z.string(),
  allowableValues: allowableValuesSchema.optional(),
});
const operationSchema = z.object({
  httpMethod: z.string(),
  nickname: z.string(),
  responseClass: z.string(),
  upgrade: z.string().optional(),
  parameters: z.array(parameterSchema).default([]),
  errorResponses: z.array(z.object({ code: z.coerce.number(), reason: z.string() })).default([]),
});
const propertySchema = z.object({
  type: z.string(),
  required: z.boolean().nullish(),
  allowableValues: allowableValuesSchema.optional(),
});
const modelSchema = z.object({
  id: z.string(),
  properties: z.record(z.string(), propertySchema),
  subTypes: z.array(z.string()).optional(),
});
const declarationSchema = z.object({
  basePath: z.string(),
  resourcePath: z.string(),
  apis: z.array(z.object({ path: z.string(), operations: z.array(operationSchema) })),
  models: z.record(z.string(), modelSchema).default({}),
});
const listingSchema = z.object({
  apiVersion: z.string(),
  basePath: z.string(),
  apis: z.array(z.object({ path: z.string(), description: z.string() })),
});

export type AriParameter = z.infer<typeof parameterSchema>;
export type AriModel = z.infer<typeof modelSchema>;
export type AriOperation = z.infer<typeof operationSchema> & {
  /** The resource file it is declared in: "channels", "bridges", … */
  resource: string;
  /** Its path template under /ari, e.g. "/channels/{channelId}/play". */
  template: string;
};
export type AriDescription = {
  dir: string;
  apiVersion: string;
  /** Each document exactly as Asterisk serves it, by name: "resources" and one per resource. */
  documents: Map<string, Record<string, unknown>>;
  operations: AriOperation[];
  /** Every model of every resource file (events.json refers to Channel, Bridge, … declared elsewhere). */
  models: Record<string, AriModel>;
  /** A model's parent in the subTypes tree (StasisStart -> Event -> Message). */
  parents: Map<string, string>;
};

let loaded: AriDescription | undefined;

/** The description, read once. Throws when the directory is missing, so a test says where it looked. */
export function ariDescription(dir = ARI_DESCRIPTION_DIR): AriDescription {
  if (loaded?.dir === dir) return loaded;
  if (!existsSync(path.join(dir, "resources.json"))) throw new Error(`no ARI description at ${dir}`);
  const read = (name: string) => JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8"));
  const listingJson = read("resources");
  const listing = listingSchema.parse(listingJson);
  const documents = new Map<string, Record<string, unknown>>([["resources", listingJson]]);
  const operations: AriOperation[] = [];
  const models: Record<string, AriModel> = {};
  const names = listing.apis.map((api) => api.path.replace(/^\/api-docs\/|\.\{format\}$/g, ""));
  for (const name of names.filter((n) => readdirSync(dir).includes(`${n}.json`))) {
    const json = read(name);
    documents.set(name, json);
    const declaration = declarationSchema.parse(json);
    for (const api of declaration.apis)
      for (const operation of api.operations)
        operations.push({ ...operation, resource: name, template: api.path });
    Object.assign(models, declaration.models);
  }
  const parents = new Map<string, string>();
  for (const model of Object.values(models))
    for (const sub of model.subTypes ?? []) parents.set(sub, model.id);
  loaded = { dir, apiVersion: listing.apiVersion, documents, operations, models, parents };
  return loaded;
}

/** One REST request as made to ARI: path under /ari ("/channels/1.2/answer"; a leading "/ari" is dropped). */
export type AriRequest = {
  method: string;
  path: string;
  query?: Record<string, string | string[] | undefined> | URLSearchParams;
  body?: unknown;
};

export type AriRequestVerdict = {
  /** The status Asterisk answers a request the description does not allow with: 404, 405, 400; else 200. */
  status: number;
  problems: string[];
  operation?: AriOperation;
  pathParams: Record<string, string>;
};

const segmentsOf = (p: string) => p.split("/").filter(Boolean);

const templateCache = new WeakMap<AriDescription, [string, string[]][]>();
/** Every path template with its segments, worked out once per description. */
function templates(): [string, string[]][] {
  const description = ariDescription();
  let cached = templateCache.get(description);
  if (!cached) {
    cached = [...new Set(description.operations.map((o) => o.template))].map((t) => [t, segmentsOf(t)]);
    templateCache.set(description, cached);
  }
  return cached;
}

/** The operation a method and path reach, the way Asterisk's router does: a literal segment wins over {var}. */
function route(method: string, pathname: string) {
  const segments = segmentsOf(pathname.replace(/^\/ari(?=\/|$)/, "")).map(decodeURIComponent);
  let best: { template: string; literals: string; params: Record<string, string> } | undefined;
  for (const [template, parts] of templates()) {
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = "";
    const fits = parts.every((part, i) => {
      const variable = /^\{(.+)\}$/.exec(part);
      literals += variable ? "0" : "1";
      if (variable) params[variable[1] as string] = segments[i] as string;
      return variable ? (segments[i] as string).length > 0 : part === segments[i];
    });
    if (fits && (!best || literals > best.literals)) best = { template, literals, params };
  }
  if (!best) return undefined;
  const operation = ariDescription().operations.find(
    (o) => o.template === best.template && o.httpMethod === method.toUpperCase(),
  );
  return { template: best.template, params: best.params, operation };
}

const TRUE_WORDS = ["yes", "true", "y", "t", "1", "on"];
const FALSE_WORDS = ["no", "false", "n", "f", "0", "off"];

/** Problems of one value given as text (a query value, or a JSON scalar), judged by its parameter. */
function valueProblems(parameter: AriParameter, value: unknown): string[] {
  const { name, dataType, allowableValues } = parameter;
  if (dataType === "containers" || dataType === "object") {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return [`${name} must be an object`];
    // Asterisk 22 takes each variable as text, or as {value: text, report_events?: true|false}.
    const variable = (v: unknown) =>
      typeof v === "string" ||
      (typeof v === "object" &&
        v !== null &&
        typeof (v as { value?: unknown }).value === "string" &&
        ["undefined", "boolean"].includes(typeof (v as { report_events?: unknown }).report_events));
    if (dataType === "containers" && !Object.values(value).every(variable))
      return [`${name} must hold text values (or {value, report_events})`];
    return [];
  }
  const items = Array.isArray(value) ? value : parameter.allowMultiple ? String(value).split(",") : [value];
  if (items.length > 1 && !parameter.allowMultiple) return [`${name} takes one value`];
  const problems: string[] = [];
  for (const item of items) {
    const text = String(item);
    if ((dataType === "int" || dataType === "long") && !/^-?\d+$/.test(text))
      problems.push(`${name}=${text} is not a whole number`);
    if (dataType === "double" && !Number.isFinite(Number(text)))
      problems.push(`${name}=${text} is not a number`);
    if (dataType === "boolean" && ![...TRUE_WORDS, ...FALSE_WORDS].includes(text.toLowerCase()))
      problems.push(`${name}=${text} is not true or false`);
    if (allowableValues?.valueType === "LIST" && !allowableValues.values?.includes(text))
      problems.push(`${name}=${text} is not one of ${allowableValues.values?.join(", ")}`);
    if (allowableValues?.valueType === "RANGE") {
      const n = Number(text);
      if (allowableValues.min !== undefined && n < allowableValues.min)
        problems.push(`${name}=${text} is too small`);
      if (allowableValues.max !== undefined && n > allowableValues.max)
        problems.push(`${name}=${text} is too large`);
    }
  }
  return problems;
}

function queryEntries(query: AriRequest["query"]): [string, string][] {
  if (!query) return [];
  if (query instanceof URLSearchParams) return [...query.entries()];
  return Object.entries(query).flatMap(([k, v]) =>
    v === undefined
      ? []
      : Array.isArray(v)
        ? v.map((x): [string, string] => [k, x])
        : [[k, v] as [string, string]],
  );
}

/**
 * Judges one request by the description: an operation with that method and path template, every query or
 * body field a parameter of it, required ones present, values of the declared type and allowable values.
 * Asterisk reads parameters from the query string or from the fields of a JSON body; a body parameter of
 * type "containers" (variables) is the body field of that name. `api_key` is authentication, not a parameter.
 */
export function checkAriRequest(request: AriRequest): AriRequestVerdict {
  const pathname = new URL(request.path, "http://ari").pathname;
  if (pathname.length > 1 && pathname.endsWith("/"))
    return { status: 404, problems: [`${request.path}: ARI URLs do not end with a slash`], pathParams: {} };
  const found = route(request.method, pathname);
  if (!found) return { status: 404, problems: [`${request.path} is not a path of ARI`], pathParams: {} };
  const { operation, template, params: pathParams } = found;
  if (!operation)
    return { status: 405, problems: [`${request.method} is not allowed on ${template}`], pathParams };
  const declared = new Map(operation.parameters.map((p) => [p.name, p]));
  const given = new Map<string, unknown[]>();
  const problems: string[] = [];
  const give = (name: string, value: unknown) => given.set(name, [...(given.get(name) ?? []), value]);
  for (const [name, value] of queryEntries(request.query)) if (name !== "api_key") give(name, value);
  const bodyParameter = operation.parameters.find((p) => p.paramType === "body");
  const body = request.body;
  if (body !== undefined && body !== null && body !== "") {
    if (bodyParameter?.dataType === "object") give(bodyParameter.name, body);
    else if (typeof body !== "object" || Array.isArray(body))
      problems.push(`${template} takes a JSON object body`);
    else for (const [name, value] of Object.entries(body)) give(name, value);
  }
  for (const [name, values] of given) {
    const parameter = declared.get(name);
    if (!parameter || parameter.paramType === "path") {
      problems.push(`${name} is not a parameter of ${operation.httpMethod} ${template}`);
      continue;
    }
    if (values.length > 1 && !parameter.allowMultiple)
      problems.push(`${name} is given ${values.length} times`);
    for (const value of values) problems.push(...valueProblems(parameter, value));
  }
  for (const parameter of operation.parameters)
    if (parameter.required && parameter.paramType !== "path" && !given.has(parameter.name))
      problems.push(`${parameter.name} is required by ${operation.httpMethod} ${template}`);
  return { status: problems.length ? 400 : 200, problems, operation, pathParams };
}

/** The problems of every request, each prefixed with its method and path. Empty when all conform. */
export function ariRequestProblems(requests: AriRequest | readonly AriRequest[]): string[] {
  const list: readonly AriRequest[] = Array.isArray(requests) ? requests : [requests as AriRequest];
  return list.flatMap((r) => checkAriRequest(r).problems.map((p) => `${r.method} ${r.path}: ${p}`));
}

/** Asterisk's own timestamp form (ast_json_timeval): 2026-11-21T10:00:00.123+0000. */
const ASTERISK_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;

function typeProblems(
  type: string,
  value: unknown,
  where: string,
  allowable?: AriParameter["allowableValues"],
) {
  const list = /^List\[(.+)\]$/.exec(type);
  if (list) {
    if (!Array.isArray(value)) return [`${where} must be a list`];
    return value.flatMap((item, i): string[] => typeProblems(list[1] as string, item, `${where}[${i}]`));
  }
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => ok || problems.push(`${where} must be ${what}`);
  switch (type) {
    case "string":
      expect(typeof value === "string", "text");
      break;
    case "int":
    case "long":
      expect(Number.isInteger(value), "a whole number");
      break;
    case "double":
      expect(typeof value === "number", "a number");
      break;
    case "boolean":
      expect(typeof value === "boolean", "true or false");
      break;
    case "Date":
      expect(
        typeof value === "string" && ASTERISK_DATE.test(value),
        "a time like 2026-11-21T10:00:00.123+0000",
      );
      break;
    case "object":
      expect(typeof value === "object" && value !== null && !Array.isArray(value), "an object");
      break;
    default:
      return ariModelProblems(type, value, where);
  }
  if (allowable?.valueType === "LIST" && typeof value === "string" && !allowable.values?.includes(value))
    problems.push(`${where}=${value} is not one of ${allowable.values?.join(", ")}`);
  return problems;
}

/** Every property of a model, its ancestors' included (Message.type, Event.application, …). */
const propertyCache = new Map<string, Record<string, z.infer<typeof propertySchema>>>();
function propertiesOf(modelId: string): Record<string, z.infer<typeof propertySchema>> {
  const { models, parents, dir } = ariDescription();
  const key = `${dir}\n${modelId}`;
  const cached = propertyCache.get(key);
  if (cached) return cached;
  const parent = parents.get(modelId);
  const properties = { ...(parent ? propertiesOf(parent) : {}), ...models[modelId]?.properties };
  propertyCache.set(key, properties);
  return properties;
}

/** The problems of a value as an instance of a model: required properties present, none undeclared, types. */
export function ariModelProblems(modelId: string, value: unknown, where: string = modelId): string[] {
  if (!ariDescription().models[modelId]) return [`${where}: ${modelId} is not a model of ARI`];
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return [`${where} must be an object`];
  const properties = propertiesOf(modelId);
  const problems: string[] = [];
  for (const [name, property] of Object.entries(properties))
    if (property.required && !(name in value)) problems.push(`${where}.${name} is required`);
  for (const [name, item] of Object.entries(value)) {
    const property = properties[name];
    if (!property) problems.push(`${where}.${name} is not a property of ${modelId}`);
    else problems.push(...typeProblems(property.type, item, `${where}.${name}`, property.allowableValues));
  }
  return problems;
}

/** The problems of one event as Asterisk would send it: a known event type, matching its model in events.json. */
export function ariEventProblems(event: unknown): string[] {
  const type = (event as { type?: unknown } | null)?.type;
  if (typeof type !== "string") return ["an event needs a type"];
  const { parents } = ariDescription();
  let ancestor = parents.get(type);
  while (ancestor && ancestor !== "Message") ancestor = parents.get(ancestor);
  if (!ancestor) return [`${type} is not an event of ARI`];
  return ariModelProblems(type, event);
}

/** The problems of an operation's response body, judged by its responseClass (void and binary take none). */
export function ariResponseProblems(operation: AriOperation, body: unknown): string[] {
  const type = operation.responseClass;
  if (type === "void" || type === "binary") return [];
  return typeProblems(type, body, `${operation.resource}.${operation.nickname} response`);
}
