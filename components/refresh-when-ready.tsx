'use client';
// A server-rendered page refused by the limits: the countdown, then a reload
// as soon as Retry-After has passed (and a button, should that fail too).
import { useRouter } from 'next/navigation';
import { TooFastNotice } from './too-fast-notice';

export function RefreshWhenReady({
  retryAfterSeconds,
  unavailable,
}: {
  retryAfterSeconds: number;
  unavailable: boolean;
}) {
  const router = useRouter();
  return (
    <TooFastNotice
      retryAfterSeconds={retryAfterSeconds}
      unavailable={unavailable}
      onRetry={() => router.refresh()}
      onElapsed={() => router.refresh()}
    />
  );
}
