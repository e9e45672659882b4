import type { SoftphoneCall } from "./softphone.ts";

export interface DirectLeg {
  callId: string;
  leg: SoftphoneCall;
  answered: boolean;
}

/**
 * The browser phone's legs by our call id: the runtime attaches it when it rings the agent (`callId`, a custom
 * parameter of the Voice SDK's call, a SIP header on Asterisk), so Answer on the screen pop answers the leg
 * of the call offered, and a call the agent placed is answered as soon as its leg rings.
 */
export class PhoneLegs {
  private legs = new Map<string, SoftphoneCall>();
  /** Calls this agent placed (click-to-call): their leg is the agent's own, answered when it rings. */
  private placed = new Set<string>();
  /** Legs the agent answered from here. */
  private answered = new Set<string>();
  /** Calls this agent placed, whose legs the feed shows as their call once it connects. */
  private own = new Set<string>();
  private listeners = new Set<() => void>();
  private version = 0;

  /**
   * A leg rang. One naming a call of ours is kept for it; one naming none (a supervisor's listening leg) goes
   * to `other` when given, else is turned away.
   */
  incoming(leg: SoftphoneCall, other?: (leg: SoftphoneCall) => void): void {
    const callId = leg.parameters.get("callId")?.trim();
    if (!callId) {
      if (other) other(leg);
      else leg.reject();
      return;
    }
    this.legs.set(callId, leg);
    leg.onEnded(() => {
      if (this.legs.get(callId) === leg) {
        this.legs.delete(callId);
        this.answered.delete(callId);
        this.own.delete(callId);
      }
      this.changed();
    });
    if (this.placed.delete(callId)) this.accept(callId, leg);
    this.changed();
  }

  /** Answers the leg of this call (it keeps ringing elsewhere until the runtime hears of it). */
  answer(callId: string): void {
    const leg = this.legs.get(callId);
    if (leg) this.accept(callId, leg);
  }

  private accept(callId: string, leg: SoftphoneCall) {
    this.answered.add(callId);
    leg.accept();
    this.changed();
  }

  /**
   * Legs naming a call the feed did not offer this agent: a flow's Transfer block rang their browser or SIP
   * phone directly (no queue), so the desktop shows that call's screen pop from the leg's call id alone.
   * `known`: the calls the feed shows (offered to, or taken by, the agent).
   */
  direct(known: ReadonlySet<string>): DirectLeg[] {
    return [...this.legs]
      .filter(([callId]) => !known.has(callId) && !this.own.has(callId))
      .map(([callId, leg]) => ({ callId, leg, answered: this.answered.has(callId) }));
  }

  /** The agent placed this call: answer its leg, now if it already rang, else when it does. */
  placedCall(callId: string): void {
    this.own.add(callId);
    const leg = this.legs.get(callId);
    if (leg) this.accept(callId, leg);
    else this.placed.add(callId);
  }

  get(callId: string): SoftphoneCall | undefined {
    return this.legs.get(callId);
  }

  private changed() {
    this.version += 1;
    this.listeners.forEach((l) => l());
  }
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getVersion = () => this.version;
}
