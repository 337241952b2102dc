import { describe, expect, it } from 'vitest';
import { newGuestId, signGuestId, verifyGuestCookie, guestCookieValue } from './guest-cookie';

const secret = 's'.repeat(32);

describe('guest cookie', () => {
  it('round-trips a signed id', async () => {
    const id = newGuestId();
    expect(await verifyGuestCookie(await signGuestId(id, secret), secret)).toBe(id);
  });

  it('rejects a forged or re-signed id', async () => {
    const signed = await signGuestId(newGuestId(), secret);
    const [, sig] = signed.split('.');
    expect(await verifyGuestCookie(`${newGuestId()}.${sig}`, secret)).toBeNull();
    expect(await verifyGuestCookie(signed, 'o'.repeat(32))).toBeNull();
    expect(await verifyGuestCookie('nodot', secret)).toBeNull();
    expect(await verifyGuestCookie(undefined, secret)).toBeNull();
  });

  it('issues ids of at least 128 bits', () => {
    expect(newGuestId().length).toBeGreaterThanOrEqual(22);
    expect(newGuestId()).not.toBe(newGuestId());
  });
});

describe('guestCookieValue', () => {
  const headers = (cookie: string) => new Headers({ cookie });

  it('reads the guest cookie among others, decoded', () => {
    expect(guestCookieValue(headers('a=1; tableside_guest=abc.d%2Be; b=2'))).toBe('abc.d+e');
  });

  it('a malformed or missing value is no cookie, never an exception', () => {
    expect(guestCookieValue(headers('tableside_guest=%'))).toBeUndefined();
    expect(guestCookieValue(headers('tableside_guest=%E0%A4%A'))).toBeUndefined();
    expect(guestCookieValue(headers('other=1'))).toBeUndefined();
    expect(guestCookieValue(new Headers())).toBeUndefined();
  });
});
