/**
 * The browser phone as a browser test replaces it: a `Softphone` (apps/builder/src/desktop/softphone.ts)
 * installed at `window.ringflowSoftphone` before the page loads. It records what the desktop asked of it;
 * the test rings it with `window.fakePhone.ring({ callId })` when Twilio would have. Everything else on the
 * page (API, feed, runtime) is real. The source is a string so it runs in the page, not in Node.
 */
export const FAKE_SOFTPHONE_SCRIPT = `
(() => {
  const log = [];
  const incoming = [];
  let started = false;
  const phone = {
    log,
    get started() { return started; },
    ring(parameters) {
      const ended = [];
      const leg = {
        sid: "CA" + Math.random().toString(16).slice(2).padEnd(32, "0").slice(0, 32),
        parameters: new Map(Object.entries(parameters)),
        accept: () => log.push(["accept", parameters.callId]),
        reject: () => { log.push(["reject", parameters.callId]); ended.forEach((f) => f()); },
        hangUp: () => { log.push(["hangUp", parameters.callId]); ended.forEach((f) => f()); },
        mute: (muted) => log.push([muted ? "mute" : "unmute", parameters.callId]),
        sendDigits: (digits) => log.push(["digits", digits]),
        onEnded: (f) => ended.push(f),
      };
      incoming.forEach((f) => f(leg));
      return leg;
    },
  };
  window.fakePhone = phone;
  window.ringflowSoftphone = (token) => ({
    start: async () => { started = true; log.push(["start", token.slice(0, 8)]); },
    onIncoming: (f) => incoming.push(f),
    onTokenWillExpire: () => {},
    updateToken: () => log.push(["updateToken"]),
    call: async (params) => { log.push(["call", params.To, params.CallerId]); return phone.ring({ callId: "outbound" }); },
    stop: () => log.push(["stop"]),
  });
})();
`;
