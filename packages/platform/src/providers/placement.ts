import { CarrierRestError } from "./carrier-rest.ts";

export type PhoneKind = "TWILIO" | "SIGNALWIRE" | "TELNYX" | "ASTERISK";

export const isPhoneKind = (kind: string): kind is PhoneKind =>
  kind === "TWILIO" || kind === "SIGNALWIRE" || kind === "TELNYX" || kind === "ASTERISK";

/** One account asked to place a call, in the call's log: placed, refused (and why), or passed over. */
export interface PlacementAttempt {
  providerAccountId: string;
  provider: PhoneKind;
  outcome: "placed" | "refused" | "skipped";
  reason?: string;
}

export const MARKED_DOWN = "marked down: 5 or more requests failed in the last minute";

/**
 * A refusal another account may not share: the carrier was unreachable, failed itself or is rate-limiting.
 * Null for a refusal of the call itself (a bad number), which no other carrier would place either. An SDK's
 * error with an HTTP `status` (Twilio's RestException) is judged by it; one without is no answer at all.
 */
export function failoverReason(
  error: unknown,
  describe: (error: unknown) => string = (e) => (e as Error).message,
): string | null {
  if (error instanceof CarrierRestError) return error.retryable ? error.message : null;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number") return status >= 500 || status === 429 ? describe(error) : null;
  return describe(error);
}

export type Placement<A, R> =
  | { ok: true; account: A; placed: R; attempts: PlacementAttempt[] }
  | { ok: false; attempts: PlacementAttempt[]; last: unknown };

/**
 * Asks each account of `chain` in turn (the number's, then the backup it names) to place a call: a down
 * account is passed over while another can be tried (alone, it is tried: it may be back), a refusal with a
 * failover reason moves on, any other refusal stops. Every attempt and its reason is kept for the call's log.
 */
export async function placeWithFailover<A extends { id: string; kind: PhoneKind }, R>(
  chain: A[],
  steps: {
    isDown(accountId: string): Promise<boolean>;
    place(account: A): Promise<R>;
    /** Why this account cannot carry the call at all (passed over), or null. */
    passOver?(account: A): string | null;
    describe?(error: unknown): string;
  },
): Promise<Placement<A, R>> {
  const attempts: PlacementAttempt[] = [];
  const attempt = (account: A, outcome: PlacementAttempt["outcome"], reason?: string) =>
    attempts.push({
      providerAccountId: account.id,
      provider: account.kind,
      outcome,
      ...(reason !== undefined ? { reason } : {}),
    });
  let last: unknown = null;
  for (const [index, account] of chain.entries()) {
    const passedOver = steps.passOver?.(account) ?? null;
    if (passedOver) {
      attempt(account, "skipped", passedOver);
      continue;
    }
    if (index < chain.length - 1 && (await steps.isDown(account.id))) {
      attempt(account, "skipped", MARKED_DOWN);
      continue;
    }
    try {
      const placed = await steps.place(account);
      attempt(account, "placed");
      return { ok: true, account, placed, attempts };
    } catch (error) {
      const reason = failoverReason(error, steps.describe);
      attempt(account, "refused", reason ?? (error as Error).message);
      last = error;
      if (reason === null) break;
    }
  }
  return { ok: false, attempts, last };
}
