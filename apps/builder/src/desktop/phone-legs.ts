import type { SoftphoneCall } from "./softphone.ts";

/**
 * The browser phone's legs by our call id: the runtime attaches it when it rings the agent (`callId`, a custom
 * parameter of the Voice SDK's call, a SIP header on Asterisk), so Answer on the screen pop answers the leg
 * of the call offered, and a call the agent placed is answered as soon as its leg rings.
 */
export class PhoneLegs {
  private legs = new Map<string, SoftphoneCall>();
  /** Calls this agent placed (click-to-call): their leg is the agent's own, answered when it rings. */
  private placed = new Set<string>();
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
      if (this.legs.get(callId) === leg) this.legs.delete(callId);
      this.changed();
    });
    if (this.placed.delete(callId)) leg.accept();
    this.changed();
  }

  /** The agent placed this call: answer its leg, now if it already rang, else when it does. */
  placedCall(callId: string): void {
    const leg = this.legs.get(callId);
    if (leg) leg.accept();
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
