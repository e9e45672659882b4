import { describe, expect, it } from "vitest";
import { plainIssue } from "./trpc.ts";

describe("a refused field in words", () => {
  it("keeps our sentences, example addresses included, and names the field for zod's own messages", () => {
    const ours = "The browser phones' address looks like wss://pbx.example.com:8089/ws.";
    expect(plainIssue({ message: ours, path: ["browserPhones", "wssUrl"] })).toBe(ours);
    expect(
      plainIssue({ message: "Too small: expected string to have >=1 characters.", path: ["name"] }),
    ).toBe("Check the name: it is missing or not in a form Ringflow accepts.");
    expect(plainIssue({ message: "Invalid input: expected string, received number", path: ["wssUrl"] })).toBe(
      "Check the wss url: it is missing or not in a form Ringflow accepts.",
    );
  });
});
