import { RE2JS } from "re2js";

/**
 * Regexes written by tenants (split conditions, input validation, simulator mocks) run on RE2, whose
 * time is linear in the input: a backtracking engine can spend minutes on `(a+)+$`, and the engine is
 * synchronous. RE2 has no backreferences or lookaround, so patterns using them are refused up front.
 */
export interface TenantRegex {
  /** Whether the pattern matches anywhere in the text, like `RegExp.prototype.test`. */
  test(text: string): boolean;
}

export type CompiledTenantRegex = { ok: true; regex: TenantRegex } | { ok: false; error: string };

export const MAX_PATTERN_CHARS = 1_000;

/** JavaScript flags that mean something for a yes/no test; `g` and `u` change nothing there (RE2 is Unicode). */
const FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  g: 0,
  u: 0,
};

const UNSUPPORTED: [RegExp, string][] = [
  [/`\(\?[=!]/, "a lookahead, (?=...) or (?!...)"],
  [/`\(\?<[=!]/, "a lookbehind, (?<=...) or (?<!...)"],
  [/invalid escape sequence: `\\[1-9k]/, "a backreference such as \\1 or \\k<name>"],
  [/invalid escape sequence: `\\u/, "\\u escapes (write \\x{263A} instead)"],
  [/invalid escape sequence: `\\c/, "\\c control escapes"],
];

const cache = new Map<string, CompiledTenantRegex>();

/** Compiles a tenant's pattern with JavaScript-style flags; a clear sentence when it cannot be used. */
export function compileTenantRegex(pattern: string, flags = ""): CompiledTenantRegex {
  const key = `${flags}\u0000${pattern}`;
  const known = cache.get(key);
  if (known) return known;
  const result = compile(pattern, flags);
  if (cache.size > 2_000) cache.clear();
  cache.set(key, result);
  return result;
}

function compile(pattern: string, flags: string): CompiledTenantRegex {
  if (pattern.length > MAX_PATTERN_CHARS)
    return { ok: false, error: `This regular expression is longer than ${MAX_PATTERN_CHARS} characters.` };
  let bits = 0;
  for (const flag of flags) {
    const bit = FLAGS[flag];
    if (bit === undefined)
      return { ok: false, error: `The regular expression flag "${flag}" is not supported.` };
    bits |= bit;
  }
  try {
    const re = RE2JS.compile(pattern, bits);
    return { ok: true, regex: { test: (text) => re.test(text) } };
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).replace(
      /^error parsing regexp: /,
      "",
    );
    const construct = UNSUPPORTED.find(([test]) => test.test(detail))?.[1];
    return {
      ok: false,
      error: construct
        ? `This regular expression uses ${construct}, which Ringflow does not support: patterns run on an engine that is always fast (RE2). Rewrite it without that.`
        : `This is not a valid regular expression: ${detail}.`,
    };
  }
}

/** The reason a pattern cannot be used, or null when it can. */
export function regexProblem(pattern: string, flags = ""): string | null {
  const compiled = compileTenantRegex(pattern, flags);
  return compiled.ok ? null : compiled.error;
}
