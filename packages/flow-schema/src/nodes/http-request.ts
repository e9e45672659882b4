import * as z from "zod";
import { httpMethodSchema } from "../commands.ts";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { keyValueListSchema, liquidText, seconds, variableName } from "./shared.ts";

export const httpBodySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({
    type: z.literal("json"),
    json: liquidText("JSON body", "Liquid allowed; must be valid JSON once rendered."),
  }),
  z.object({
    type: z.literal("form"),
    fields: field(keyValueListSchema, { label: "Form fields", widget: "key-value" }),
  }),
]);

export const httpRequestNode = defineNodeKind({
  kind: "httpRequest",
  version: 1,
  label: "HTTP request",
  category: "integrations",
  icon: "globe",
  description:
    "Call a web service while the caller waits, and map fields of the JSON response into variables.",
  params: z.object({
    method: field(httpMethodSchema.default("GET"), { label: "Method", widget: "select" }),
    url: field(z.string().min(1, { error: "Enter the URL to call." }), { label: "URL", widget: "liquid" }),
    query: field(keyValueListSchema.default([]), {
      label: "Query parameters",
      help: "Added to the URL, each value URL-encoded once filled in.",
      widget: "key-value",
    }),
    headers: field(keyValueListSchema.default([]), { label: "Headers", widget: "key-value" }),
    body: field(httpBodySchema.default({ type: "none" }), { label: "Body", widget: "select" }),
    timeoutSeconds: seconds("Timeout", 10, 30),
    responseMapping: field(
      z
        .array(
          z.object({
            variable: variableName("Variable"),
            path: field(z.string().min(1), {
              label: "Response field",
              placeholder: "customer.tier",
              widget: "text",
            }),
          }),
        )
        .default([]),
      { label: "Save response fields", widget: "list" },
    ),
  }),
  initialParams: { method: "GET", url: "https://api.example.com/customers?phone={{call.from | url_encode}}" },
  summary: (params) => `${params.method} ${params.url}`,
  ports: [
    { id: "success", label: "Success", description: "a 2xx or 3xx response arrived" },
    {
      id: "error",
      label: "Error",
      role: "error",
      description: "the request failed, timed out or got a 4xx/5xx",
    },
  ],
  outputs: [
    { name: "status", description: "The HTTP status code." },
    { name: "body", description: "The response body (parsed JSON when possible)." },
    { name: "headers", description: "The response headers." },
    { name: "error", description: "Why the request failed." },
  ],
  waits: true,
  writes: (params) =>
    params.responseMapping.map((m, i) => ({
      path: ["responseMapping", i, "variable"],
      variable: m.variable,
    })),
});
