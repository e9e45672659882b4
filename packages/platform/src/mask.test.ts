import { describe, expect, it } from "vitest";
import { maskBody, maskHeaders, maskText, maskUrl, maskValue, storableText } from "./mask.ts";

describe("masking", () => {
  it("masks secrets for the execution log", () => {
    expect(maskHeaders({ Authorization: "Bearer x", "X-Api-Key": "k", Accept: "json" })).toEqual({
      Authorization: "[masked]",
      "X-Api-Key": "[masked]",
      Accept: "json",
    });
    expect(maskUrl("https://u:p@h.example/a?token=1&q=2")).toBe(
      "https://u:%5Bmasked%5D@h.example/a?token=%5Bmasked%5D&q=2",
    );
    expect(maskBody('{"user":{"password":"p","name":"n"}}')).toEqual({
      user: { password: "[masked]", name: "n" },
    });
    expect(maskBody("client_secret=s&scope=a")).toBe("client_secret=%5Bmasked%5D&scope=a");
    expect(maskText("GET https://h.example/a?api_key=k&x=1 then")).toBe(
      "GET https://h.example/a?api_key=%5Bmasked%5D&x=1 then",
    );
  });

  it("masks variables and credentials at any depth, and makes every string storable", () => {
    expect(
      maskValue({ pin: "1234", caller: { apiKey: "k", name: "Ann" }, note: "Bearer abc.def", list: ["ok"] }),
    ).toEqual({
      pin: "[masked]",
      caller: { apiKey: "[masked]", name: "Ann" },
      note: "[masked]",
      list: ["ok"],
    });
    expect(storableText("a\u0000b")).toBe("a\ufffdb");
    expect(storableText("x\ud800y\udc00z")).toBe("x\ufffdy\ufffdz");
    expect(storableText("emoji \ud83d\ude00 stays")).toBe("emoji \ud83d\ude00 stays");
    expect(maskValue({ "k\u0000": "v\u0000" })).toEqual({ "k\ufffd": "v\ufffd" });
  });
});
