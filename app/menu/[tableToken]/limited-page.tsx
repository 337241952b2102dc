// A guest page the limits refused for now: what happened, and the countdown
// after which it reloads by itself.
import { RefreshWhenReady } from '@/components/refresh-when-ready';
import type { RetryInfo } from '@/lib/rate-limit/retry';

export function LimitedPage({ limited, refusedAt, what }: { limited: RetryInfo; refusedAt: number; what: string }) {
  return (
    <main className="container" style={{ padding: '48px 16px' }}>
      <h1>One moment</h1>
      <p className="muted">
        Many requests came from this table or device just now. {what} reloads by itself in a few seconds.
      </p>
      <RefreshWhenReady
        key={refusedAt}
        retryAfterSeconds={limited.retryAfterSeconds}
        unavailable={limited.status === 503}
      />
    </main>
  );
}
