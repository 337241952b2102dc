// Minting a guest id outside a menu page view (a guest procedure called
// without a valid cookie) spends `guest-new` like the edge's mint does.
import { ipSubject } from '../ratelimit/keys';
import { enforceLimits, type LimitContext } from './enforce-limits';

export function checkGuestMint(ctx: LimitContext, path: string): Promise<void> {
  return enforceLimits(
    ctx,
    [{ policy: 'guest-new', id: ctx.ipBucket, abuse: ipSubject(ctx.ipBucket) }],
    { path: `/api/trpc/${path}`, method: 'POST' },
    { ipKeyed: true },
  );
}
