'use client';
// A server-rendered page refused by the limits: the countdown, then a reload
// as soon as Retry-After has passed (and a button, should that fail too).
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { TooFastNotice, useCountdown } from './too-fast-notice';

export function RefreshWhenReady({
  retryAfterSeconds,
  unavailable,
}: {
  retryAfterSeconds: number;
  unavailable: boolean;
}) {
  const router = useRouter();
  const left = useCountdown(retryAfterSeconds);
  useEffect(() => {
    if (left === 0) router.refresh();
  }, [left, router]);
  return (
    <TooFastNotice retryAfterSeconds={retryAfterSeconds} unavailable={unavailable} onRetry={() => router.refresh()} />
  );
}
