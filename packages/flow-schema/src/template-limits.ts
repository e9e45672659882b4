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

/** The reason a render stopped at TEMPLATE_LIMITS.renderMs. */
export const RENDER_TIME_REASON = `it takes more than ${TEMPLATE_LIMITS.renderMs} ms to fill in; make its loops smaller`;

/** The reason a liquidjs error is a limit, or null for any other error. */
export function limitReason(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes("parse length limit exceeded"))
    return `it is longer than ${number(TEMPLATE_LIMITS.sourceChars)} characters`;
  if (message.includes("template render limit exceeded")) return RENDER_TIME_REASON;
  // "Invalid string length" is V8 refusing a string past its maximum: a limit by another name.
  if (message.includes("memory alloc limit exceeded") || message.includes("Invalid string length"))
    return `it builds more than ${number(TEMPLATE_LIMITS.memory)} characters or list items`;
  return null;
}

/** Whether a render was stopped at the time limit (liquidjs's error, or ours for it). */
export function isRenderTimeLimit(error: unknown): boolean {
  if (error instanceof TemplateLimitError) return error.reason === RENDER_TIME_REASON;
  return limitReason(error) === RENDER_TIME_REASON;
}

/** The CPU time this process has used, in ms; null where there is no such clock (the builder's browser). */
function cpuMs(): number | null {
  const usage = (
    globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }
  ).process?.cpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : null;
}

/** How many times a render that ran out of time without using it is tried under the limit. */
const RENDER_ATTEMPTS = 3;

/**
 * The elapsed time a last try may take when every try under the limit was stopped without using the CPU: the
 * machine was slow, not the text. It is a bound on waiting, never on work: a try that used more CPU than the
 * limit is over it whatever the elapsed time.
 */
export const RENDER_BACKSTOP_MS = TEMPLATE_LIMITS.renderMs * 8;

/**
 * Runs a render under the time limit; `render` is given the elapsed-time limit to pass to liquidjs. liquidjs
 * counts elapsed time, and on a busy machine that includes time the process was not running at all, so a
 * cheap text could be stopped: a stop is the template's when the render used at least half the limit on the
 * CPU. A text stopped on a few tries without working gets one last try with RENDER_BACKSTOP_MS of elapsed
 * time, and is over the limit if that try is stopped too or works longer than the limit.
 */
export function withinRenderTime<T>(render: (renderLimitMs: number) => T): T {
  for (let attempt = 1; ; attempt++) {
    const last = attempt > RENDER_ATTEMPTS;
    const before = cpuMs();
    try {
      const result = render(last ? RENDER_BACKSTOP_MS : TEMPLATE_LIMITS.renderMs);
      const after = cpuMs();
      if (last && before !== null && after !== null && after - before > TEMPLATE_LIMITS.renderMs)
        throw new TemplateLimitError(RENDER_TIME_REASON);
      return result;
    } catch (error) {
      const after = cpuMs();
      const worked = before === null || after === null || after - before >= TEMPLATE_LIMITS.renderMs / 2;
      if (!isRenderTimeLimit(error) || worked || last) throw error;
    }
  }
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
