import { describe, expect, it } from 'vitest';
import { signInPathFor } from './sign-in-path';

describe('signInPathFor', () => {
  it('sends a signed-out visitor to sign in and back to the page they asked for, query included', () => {
    expect(signInPathFor('/admin/orders?table=t1')).toBe('/admin/sign-in?callbackUrl=%2Fadmin%2Forders%3Ftable%3Dt1');
  });

  it('falls back to the console overview when the path is unknown', () => {
    expect(signInPathFor(null)).toBe('/admin/sign-in?callbackUrl=%2Fadmin');
    expect(signInPathFor('')).toBe('/admin/sign-in?callbackUrl=%2Fadmin');
  });
});
