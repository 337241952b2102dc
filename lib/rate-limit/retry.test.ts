import { describe, expect, it } from 'vitest';
import { reconnectDelayMs, retryDelay, retryInfoOf, shouldReconnect, shouldRetry } from './retry';

const limited = (seconds: number) => ({ data: { httpStatus: 429, policy: 'menu', retryAfterSeconds: seconds } });

describe('client retry policy', () => {
  it('reads the wait and policy off a limited tRPC error', () => {
    expect(retryInfoOf(limited(12))).toEqual({ retryAfterSeconds: 12, policy: 'menu', status: 429 });
    expect(retryInfoOf({ data: { httpStatus: 404 } })).toBeNull();
    expect(retryInfoOf(new Error('network'))).toBeNull();
  });

  it('never retries a 429 before its Retry-After, and only once', () => {
    expect(shouldRetry(0, limited(12))).toBe(true);
    expect(retryDelay(0, limited(12))).toBe(12_000);
    expect(shouldRetry(1, limited(12))).toBe(false);
    expect(shouldRetry(0, limited(600))).toBe(false);
  });

  it('does not retry other client errors, and backs off on server errors', () => {
    expect(shouldRetry(0, { data: { httpStatus: 400 } })).toBe(false);
    expect(shouldRetry(0, { data: { httpStatus: 500 } })).toBe(true);
    expect(retryDelay(2, { data: { httpStatus: 500 } })).toBe(4000);
  });

  it('reconnects live streams with growing, capped, jittered delays, except after a final refusal', () => {
    expect(shouldReconnect(new Error('network'))).toBe(true);
    expect(shouldReconnect(limited(5))).toBe(true);
    expect(shouldReconnect({ data: { httpStatus: 503 } })).toBe(true);
    expect(shouldReconnect({ data: { httpStatus: 404 } })).toBe(false);
    const delays = [0, 1, 2, 3, 10].map(reconnectDelayMs);
    expect(delays[0]).toBeGreaterThanOrEqual(750);
    expect(delays[0]).toBeLessThanOrEqual(1250);
    expect(delays[3]).toBeGreaterThanOrEqual(6000);
    expect(delays[4]).toBeLessThanOrEqual(37_500);
  });
});
