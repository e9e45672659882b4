/**
 * How an offered call gets the agent's attention: a ring tone made in the browser (no audio file to load)
 * and, when the tab is hidden and the agent allowed it, a system notification that brings the tab back.
 */
export class Ringer {
  private audio: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private notification: Notification | null = null;
  /** How many times the tone was started: the browser test reads it. */
  rings = 0;

  start(title: string, body: string): void {
    if (this.timer) return;
    this.rings += 1;
    document.documentElement.dataset.ringing = "true";
    try {
      this.audio ??= new AudioContext();
      void this.audio.resume();
      this.burst();
      this.timer = setInterval(() => this.burst(), 3000);
    } catch {
      // No audio device: the screen and the notification still ring.
    }
    if (typeof Notification !== "undefined" && Notification.permission === "granted" && document.hidden) {
      this.notification = new Notification(title, { body, tag: "ringflow-call", requireInteraction: true });
      this.notification.onclick = () => window.focus();
    }
  }

  stop(): void {
    delete document.documentElement.dataset.ringing;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.notification?.close();
    this.notification = null;
  }

  /** Two short two-tone rings, like a desk phone. */
  private burst() {
    const audio = this.audio;
    if (!audio) return;
    for (const offset of [0, 0.6]) {
      const gain = audio.createGain();
      gain.gain.value = 0.08;
      gain.connect(audio.destination);
      for (const hz of [440, 480]) {
        const tone = audio.createOscillator();
        tone.frequency.value = hz;
        tone.connect(gain);
        tone.start(audio.currentTime + offset);
        tone.stop(audio.currentTime + offset + 0.4);
      }
    }
  }
}

/** Asks once, from a click (browsers allow the question only then). */
export function askForNotifications(): void {
  if (typeof Notification !== "undefined" && Notification.permission === "default")
    void Notification.requestPermission();
}
