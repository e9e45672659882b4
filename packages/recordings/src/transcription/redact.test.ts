import { describe, expect, it } from "vitest";
import { luhnValid, REDACTED, redactTranscript } from "./redact.ts";

const redacted = (text: string) => redactTranscript(text).text;

describe("redactTranscript", () => {
  it.each([
    ["my card is 4111-1111-1111-1111 thanks", `my card is ${REDACTED.card} thanks`],
    ["my card is 4111 1111 1111 1111.", `my card is ${REDACTED.card}.`],
    ["use 5500005555555559 please", `use ${REDACTED.card} please`],
    [
      "it is four one one one one one one one one one one one one one one one and it expires",
      `it is ${REDACTED.card} and it expires`,
    ],
    // "oh" for zero, "double" and "triple", the way people read a Mastercard test number aloud.
    ["five five oh oh oh oh five five five five five five five five five nine", REDACTED.card],
    [
      "double five double oh double oh double five double five double five double five five nine",
      REDACTED.card,
    ],
    // A recogniser writes "for" for four between digits.
    ["four two for two four to four two four two four two for two four two", REDACTED.card],
    ["mixed 4111 one one one one 1111 1111 done", `mixed ${REDACTED.card} done`],
  ])("takes out the card in %j", (text, expected) => {
    expect(redacted(text)).toBe(expected);
  });

  it.each([
    ["my social is 123-45-6789.", `my social is ${REDACTED.ssn}.`],
    ["ssn 078051120 ok", `ssn ${REDACTED.ssn} ok`],
    [
      "social security number one two three four five six seven eight nine",
      `social security number ${REDACTED.ssn}`,
    ],
    ["it's five three six, two two, one one two three", `it's ${REDACTED.ssn}`],
    ["triple two oh one triple four one", REDACTED.ssn],
  ])("takes out the social security number in %j", (text, expected) => {
    expect(redacted(text)).toBe(expected);
  });

  it.each([
    ["account number 12345678 at the branch", `account number ${REDACTED.account} at the branch`],
    [
      "my checking account is one two three four five six seven",
      `my checking account is ${REDACTED.account}`,
    ],
    ["routing 021000021", `routing ${REDACTED.account}`],
    // Twelve digits or more go whatever they are; a card number that fails Luhn is still a number to hide.
    ["the number 4111111111111112 was declined", `the number ${REDACTED.account} was declined`],
  ])("takes out the bank account number in %j", (text, expected) => {
    expect(redacted(text)).toBe(expected);
  });

  it.each([
    "call me back at 415 555 0100",
    "I have two kids and one dog",
    "press one for sales, two for support",
    "order 12345 arrives on the 4th",
    "it costs 1999 dollars for two years",
    "Oh no, I forgot",
    "the year 2024 was good and 1999 was better",
  ])("keeps %j as it is", (text) => {
    expect(redactTranscript(text)).toEqual({ text, found: [] });
  });

  it("reports what it took out by kind, in order, and several in one transcript", () => {
    const result = redactTranscript(
      "Card 4111 1111 1111 1111, social 123-45-6789 and account number 987654321. Thanks.",
    );
    expect(result.found).toEqual(["card", "ssn", "account"]);
    expect(result.text).toBe(
      `Card ${REDACTED.card}, social ${REDACTED.ssn} and account number ${REDACTED.account}. Thanks.`,
    );
    expect(result.text).not.toMatch(/\d{4}/);
  });

  it("checks cards with Luhn", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("79927398713")).toBe(true);
  });
});
