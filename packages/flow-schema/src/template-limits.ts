import { CaptureTag, Liquid, Tag, type Context, type LiquidOptions } from "liquidjs";

/**
 * What one template may cost. The engine renders synchronously on the runtime's event loop, so a
 * template that loops or grows without bound would stall every call the process is answering.
 */
export const TEMPLATE_LIMITS = {
  /** Characters of template source. */
  sourceChars: 20_000,
  /** Milliseconds of rendering; liquidjs checks it between tags and output blocks. */
  renderMs: 25,
  /** Characters and list items one render may allocate (ranges, filters, captures; counted by liquidjs). */
  memory: 500_000,
  /** Characters of rendered text. */
  outputChars: 100_000,
} as const;

/** A template over one of TEMPLATE_LIMITS; the message says which, in plain words. */
export class TemplateLimitError extends Error {
  override readonly name = "TemplateLimitError";
  constructor(readonly reason: string) {
    super(`This text does too much work: ${reason}.`);
  }
}

const number = (n: number) => n.toLocaleString("en-US");

/** The reason a liquidjs error is a limit, or null for any other error. */
export function limitReason(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes("parse length limit exceeded"))
    return `it is longer than ${number(TEMPLATE_LIMITS.sourceChars)} characters`;
  if (message.includes("template render limit exceeded"))
    return `it takes more than ${TEMPLATE_LIMITS.renderMs} ms to fill in; make its loops smaller`;
  // "Invalid string length" is V8 refusing a string past its maximum: a limit by another name.
  if (message.includes("memory alloc limit exceeded") || message.includes("Invalid string length"))
    return `it builds more than ${number(TEMPLATE_LIMITS.memory)} characters or list items`;
  return null;
}

/** Throws TemplateLimitError when a rendered text is too long (its length is read before it is flattened). */
export function checkOutput(text: string): string {
  if (text.length > TEMPLATE_LIMITS.outputChars)
    throw new TemplateLimitError(
      `its result is longer than ${number(TEMPLATE_LIMITS.outputChars)} characters`,
    );
  return text;
}

/** liquidjs does not count what `capture` stores, so a capture that doubles itself would grow unchecked. */
class CountedCaptureTag extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, string> {
    yield* super.render(ctx);
    ctx.memoryLimit.use(String(ctx.bottom()[this.variable] ?? "").length);
  }
}

/** Tags that read files from the server's disk: a flow's text must never do that. */
const FILE_TAGS = ["include", "render", "layout", "block"] as const;

function refusedTag(name: string) {
  return class extends Tag {
    constructor(...args: ConstructorParameters<typeof Tag>) {
      super(...args);
      throw new Error(`the ${name} tag is not available in flow templates`);
    }
    *render(): Generator<unknown, void, unknown> {}
  };
}

/** A Liquid engine with TEMPLATE_LIMITS applied and no access to files. */
export function limitedLiquid(options: LiquidOptions): Liquid {
  const engine = new Liquid({
    ...options,
    parseLimit: TEMPLATE_LIMITS.sourceChars,
    renderLimit: TEMPLATE_LIMITS.renderMs,
    memoryLimit: TEMPLATE_LIMITS.memory,
  });
  engine.registerTag("capture", CountedCaptureTag);
  for (const name of FILE_TAGS) engine.registerTag(name, refusedTag(name));
  return engine;
}
