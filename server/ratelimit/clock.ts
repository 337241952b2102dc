// Time, injected: every limit decision reads the clock it was given, so tests
// pin a moment (mid-window, or on a window's edge) instead of sleeping.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
