'use client';
// One "Place order" intent, one idempotency key: a double tap, an automatic
// retry or a tap after a reload with the same cart and name reuses the key,
// so the server makes exactly one order. Any change to what is being ordered
// is a new intent with a new key — except after a try that got no answer:
// that order may exist, so the key stays, and the server names the earlier
// order if the cart has changed since.
import { readStored, writeStored } from './device-storage';

const intentKey = (tableToken: string) => `tableside:order-intent:${tableToken}`;

/** crypto.randomUUID needs a secure context; a phone on the demo's plain-HTTP LAN address has none. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function idempotencyKeyFor(tableToken: string, fingerprint: string): string {
  try {
    const stored = readIntent(tableToken);
    if (stored?.key && (stored.unanswered || stored.fingerprint === fingerprint)) return stored.key;
  } catch {
    // A damaged entry is simply a new intent.
  }
  const key = newIdempotencyKey();
  writeStored(intentKey(tableToken), JSON.stringify({ fingerprint, key }));
  return key;
}

type Intent = { fingerprint?: string; key?: string; unanswered?: boolean };

function readIntent(tableToken: string): Intent | null {
  return JSON.parse(readStored(intentKey(tableToken)) ?? 'null') as Intent | null;
}

/** A try under the current key got no answer: keep the key until the server has answered. */
export function markIntentUnanswered(tableToken: string): void {
  try {
    const stored = readIntent(tableToken);
    if (stored?.key) writeStored(intentKey(tableToken), JSON.stringify({ ...stored, unanswered: true }));
  } catch {
    // A damaged entry: the next tap is a new intent.
  }
}

export function forgetOrderIntent(tableToken: string): void {
  writeStored(intentKey(tableToken), null);
}
