/** Epoch milliseconds. The call core never reads the time itself: it is given a clock (tests pass their own). */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
