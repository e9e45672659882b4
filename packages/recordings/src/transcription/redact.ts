/**
 * Card numbers, bank account numbers and US social security numbers out of a transcript, before it is stored:
 * written ("4111-1111-1111-1111", "123-45-6789") and spoken ("four one one one…", "oh" for zero,
 * "double five") alike. A run of digits is read across spaces, commas and dashes, then judged by its length,
 * its grouping, the words before it and (for cards) the Luhn check. Over-redacting is the safe side: any run of
 * 12 or more digits goes, whatever it is.
 */

export const REDACTED = {
  card: "[card number]",
  account: "[account number]",
  ssn: "[social security number]",
} as const;
export type RedactedKind = keyof typeof REDACTED;

const DIGIT_WORDS: Record<string, string> = {
  zero: "0",
  oh: "0",
  o: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
};
/** What recognisers write for a digit word; a digit only between other digits ("four for one one"). */
const SOUNDALIKES: Record<string, string> = { for: "4", to: "2", too: "2", won: "1", ate: "8" };
const REPEATS: Record<string, number> = { double: 2, triple: 3 };

const CONTEXT: [RedactedKind, RegExp][] = [
  ["ssn", /\b(social|security|ssn|s s n)\b/g],
  ["account", /\b(account|acct|routing|iban|checking|savings|bank)\b/g],
  ["card", /\b(card|visa|mastercard|amex|credit|debit)\b/g],
];

/** The kind the words just before a number name, the nearest one winning ("card …, account number 123…"). */
function contextOf(before: string): RedactedKind | null {
  let best: { kind: RedactedKind; at: number } | null = null;
  for (const [kind, pattern] of CONTEXT)
    for (const m of before.matchAll(pattern)) if (!best || m.index > best.at) best = { kind, at: m.index };
  return best?.kind ?? null;
}

type Token = { start: number; end: number; word: string };

/** Tokens of the text with their places: words, digit strings, dashes. */
function tokensOf(text: string): Token[] {
  return [...text.matchAll(/[A-Za-z]+|\d+|[-–]/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    word: m[0].toLowerCase(),
  }));
}

/** Between two tokens of one number only spaces and commas may stand (a full stop ends it). */
const joined = (text: string, a: Token, b: Token) => /^[\s,]*$/.test(text.slice(a.end, b.start));

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** A number the SSA could have issued: area not 000, 666 or 9xx; group not 00; serial not 0000. */
const ssnShaped = (d: string) =>
  d.length === 9 && !/^(000|666|9)/.test(d) && d.slice(3, 5) !== "00" && d.slice(5) !== "0000";

function judge(digits: string, groups: number[], before: string): RedactedKind | null {
  const n = digits.length;
  const context = contextOf(before);
  if (n >= 13 && n <= 19 && luhnValid(digits)) return "card";
  if (n === 9) {
    const written = groups.length === 3 && groups[0] === 3 && groups[1] === 2 && groups[2] === 4;
    if (written || context === "ssn") return "ssn";
    if (context) return "account";
    return ssnShaped(digits) ? "ssn" : null;
  }
  if (n >= 12) return context === "card" && n <= 19 ? "card" : "account";
  if (n >= 6 && context) return "account";
  return null;
}

interface Run {
  first: number;
  last: number;
  digits: string;
  /** Digits per written group ("123-45-6789" is 3, 2, 4); spoken digits count one each. */
  groups: number[];
}

/** Runs of digits (written, spoken, repeated) across the tokens. */
function digitRuns(text: string, tokens: Token[]): Run[] {
  const runs: Run[] = [];
  let run: Run | null = null;
  const close = () => {
    if (run) runs.push(run);
    run = null;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const continues = run !== null && prev !== undefined && joined(text, prev, t);
    if (!continues) close();
    let value: string | null = null;
    if (/^\d+$/.test(t.word)) value = t.word;
    else if (t.word in DIGIT_WORDS && (t.word !== "o" || run)) value = DIGIT_WORDS[t.word] as string;
    else if (t.word in REPEATS && next && joined(text, t, next)) {
      const digit = DIGIT_WORDS[next.word] ?? (/^\d$/.test(next.word) ? next.word : undefined);
      if (digit) {
        value = digit.repeat(REPEATS[t.word] as number);
        i++;
      }
    } else if (t.word in SOUNDALIKES && run && next && joined(text, t, next) && isDigitToken(next.word))
      value = SOUNDALIKES[t.word] as string;
    else if (
      (t.word === "-" || t.word === "–" || t.word === "dash") &&
      run &&
      next &&
      joined(text, t, next)
    ) {
      // A dash inside a number separates its written groups.
      (run as Run).groups.push(0);
      continue;
    }
    if (value === null) {
      close();
      continue;
    }
    const last = tokens[i] as Token;
    if (!run) run = { first: t.start, last: last.end, digits: "", groups: [0] };
    const open: Run = run;
    open.digits += value;
    open.last = last.end;
    open.groups[open.groups.length - 1] = (open.groups.at(-1) ?? 0) + value.length;
  }
  close();
  return runs;
}

const isDigitToken = (word: string) => /^\d+$/.test(word) || word in DIGIT_WORDS || word in REPEATS;

export interface Redaction {
  text: string;
  /** What was taken out, by kind (never the digits themselves). */
  found: RedactedKind[];
}

export function redactTranscript(text: string): Redaction {
  const tokens = tokensOf(text);
  const found: RedactedKind[] = [];
  let out = "";
  let at = 0;
  for (const run of digitRuns(text, tokens)) {
    const before = text
      .slice(Math.max(0, run.first - 40), run.first)
      .toLowerCase()
      .replace(/[^a-z ]+/g, " ");
    const kind = judge(
      run.digits,
      run.groups.filter((g) => g > 0),
      before,
    );
    if (!kind) continue;
    out += text.slice(at, run.first) + REDACTED[kind];
    at = run.last;
    found.push(kind);
  }
  return { text: out + text.slice(at), found };
}
