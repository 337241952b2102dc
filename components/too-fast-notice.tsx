'use client';
// The inline answer to a refusal by the limits, for guests and staff alike:
// "You're going a bit fast — try again in 12 s", counting down live, then
// offering to try again.
import { useEffect, useRef, useState } from 'react';

function useCountdown(seconds: number | null): number {
  const [deadline] = useState(() => (seconds ? Date.now() + seconds * 1000 : 0));
  const [left, setLeft] = useState(seconds ?? 0);
  useEffect(() => {
    if (!deadline) return;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [deadline]);
  return left;
}

export function TooFastNotice({
  retryAfterSeconds,
  unavailable = false,
  onRetry,
  onElapsed,
}: {
  retryAfterSeconds: number;
  unavailable?: boolean;
  onRetry?: () => void;
  /** Called once the wait is over (e.g. to reload by itself). */
  onElapsed?: () => void;
}) {
  const left = useCountdown(retryAfterSeconds);
  const waiting = left > 0;
  const elapsed = useRef(onElapsed);
  useEffect(() => {
    elapsed.current = onElapsed;
  });
  useEffect(() => {
    if (!waiting) elapsed.current?.();
  }, [waiting]);
  return (
    <div role="status" aria-live="polite" className="alert" data-testid="too-fast">
      {unavailable
        ? waiting
          ? `This is paused for a moment — try again in ${left} s.`
          : 'You can try again now.'
        : waiting
          ? `You're going a bit fast — try again in ${left} s.`
          : 'Ready when you are — try again now.'}
      {!waiting && onRetry && (
        <button type="button" className="button" style={{ marginLeft: 12 }} onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
