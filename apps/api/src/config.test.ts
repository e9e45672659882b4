import { describe, expect, it } from "vitest";
import { apiConfigFromEnv } from "./config.ts";
import { readApiEnv } from "./env.ts";

describe("API configuration", () => {
  const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x" };

  it("defaults the public URLs to HOST with the API and runtime ports", () => {
    expect(
      apiConfigFromEnv(readApiEnv({ ...base, HOST: "0.0.0.0", API_PORT: "8080", RUNTIME_PORT: "8081" })),
    ).toEqual({
      publicUrl: "http://0.0.0.0:8080",
      runtimePublicUrl: "http://0.0.0.0:8081",
    });
    expect(
      apiConfigFromEnv(
        readApiEnv({
          ...base,
          PUBLIC_URL: "https://ringflow.example.com/",
          RUNTIME_PUBLIC_URL: "https://voice.example.com",
          TWILIO_API_BASE_URL: "http://127.0.0.1:4010/",
        }),
      ),
    ).toEqual({
      publicUrl: "https://ringflow.example.com",
      runtimePublicUrl: "https://voice.example.com",
      twilioApiBaseUrl: "http://127.0.0.1:4010",
    });
  });

  it("reads TRUST_PROXY as off, on, or the proxies' addresses", () => {
    expect(readApiEnv(base).TRUST_PROXY).toBe(false);
    expect(readApiEnv({ ...base, TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(readApiEnv({ ...base, TRUST_PROXY: "10.0.0.1,10.0.0.2" }).TRUST_PROXY).toBe("10.0.0.1,10.0.0.2");
  });

  it("explains a malformed URL", () => {
    expect(() => readApiEnv({ ...base, PUBLIC_URL: "not a url" })).toThrow(
      /The API's environment is not valid: PUBLIC_URL/,
    );
  });
});
