'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TooFastNotice } from '@/components/too-fast-notice';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { signInWithCredentials } from '@/lib/auth/credentials-sign-in';
import { CaptchaSolveError, captchaProgressPercent, type CaptchaChallenge } from '@/server/shared/captcha-protocol';
import { solveCaptchaInBrowser } from '@/lib/captcha/solve-in-browser';

type Status =
  | { kind: 'idle' }
  | { kind: 'working'; label: string }
  | { kind: 'checking'; percent: number }
  | { kind: 'invalid' }
  | { kind: 'check-failed'; message: string }
  | { kind: 'refused'; retryAfterSeconds: number; unavailable: boolean; at: number };

const CHECKING = 'Checking this browser…';

function checkFailedMessage(error: unknown): string {
  const reason = error instanceof CaptchaSolveError ? error.reason : 'failed';
  switch (reason) {
    case 'unsupported':
      return 'This browser can’t run the sign-in check: it needs Web Workers and a secure (HTTPS) connection. Try an up-to-date browser.';
    case 'timeout':
      return 'The sign-in check took too long in this browser. Try again; closing other tabs may help.';
    default:
      return 'The sign-in check couldn’t run in this browser. Reload the page and try again.';
  }
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const solving = useRef<AbortController | null>(null);

  // Leaving the page stops a check in progress (and its workers).
  useEffect(() => () => solving.current?.abort(), []);

  /** The `captcha` field's value, or null when the check was cancelled or failed (status set). */
  async function solve(challenge: CaptchaChallenge): Promise<string | null> {
    solving.current?.abort();
    const controller = new AbortController();
    solving.current = controller;
    setStatus({ kind: 'checking', percent: 0 });
    try {
      return await solveCaptchaInBrowser(challenge, {
        signal: controller.signal,
        onProgress: (attempts) => {
          // Whole tens: a live region read out on every tick would drown the page.
          const percent = Math.floor(captchaProgressPercent(attempts) / 10) * 10;
          setStatus((current) =>
            current.kind === 'checking' && current.percent !== percent ? { kind: 'checking', percent } : current,
          );
        },
      });
    } catch (error) {
      if (!controller.signal.aborted) setStatus({ kind: 'check-failed', message: checkFailedMessage(error) });
      return null;
    } finally {
      if (solving.current === controller) solving.current = null;
    }
  }

  async function attempt(email: string, password: string, captcha?: string): Promise<void> {
    setStatus({ kind: 'working', label: 'Signing in…' });
    const outcome = await signInWithCredentials({ email, password, captcha, callbackUrl });
    switch (outcome.kind) {
      case 'signed-in':
        router.replace(callbackUrl);
        router.refresh();
        return;
      case 'invalid':
        setStatus({ kind: 'invalid' });
        return;
      case 'refused':
        setStatus({
          kind: 'refused',
          retryAfterSeconds: outcome.retryAfterSeconds,
          unavailable: outcome.unavailable,
          at: Date.now(),
        });
        return;
      case 'captcha': {
        // Several failures from here: the browser proves some work (about a
        // second) before the next attempt. Solved once, sent once; a refused
        // answer is reported rather than solved again in a loop.
        if (captcha) {
          setStatus({
            kind: 'check-failed',
            message:
              outcome.reason === 'expired'
                ? 'The sign-in check expired before it was sent. Sign in again to run a new one.'
                : 'The sign-in check wasn’t accepted. Sign in again to run a new one.',
          });
          return;
        }
        const solved = await solve(outcome.challenge);
        if (solved === null) return;
        return attempt(email, password, solved);
      }
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void attempt(String(form.get('email') ?? ''), String(form.get('password') ?? '')).catch(() =>
      setStatus({ kind: 'refused', retryAfterSeconds: 5, unavailable: true, at: Date.now() }),
    );
  }

  const busy = status.kind === 'working' || status.kind === 'checking';
  const label = status.kind === 'working' ? status.label : status.kind === 'checking' ? CHECKING : 'Sign in';
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-busy={busy}>
      <div className="grid gap-2">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="password">Password</Label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {status.kind === 'invalid' && (
        <Alert variant="destructive">That email and password don’t match an account.</Alert>
      )}
      {status.kind === 'check-failed' && <Alert variant="destructive">{status.message}</Alert>}
      {status.kind === 'refused' && (
        <TooFastNotice key={status.at} retryAfterSeconds={status.retryAfterSeconds} unavailable={status.unavailable} />
      )}
      {/* Always rendered, so assistive technology is already listening when the check starts. */}
      <p role="status" aria-atomic="true" data-testid="sign-in-check" className="text-sm empty:absolute">
        {status.kind === 'checking' && `${CHECKING} ${status.percent} %`}
      </p>
      {status.kind === 'checking' && (
        <p className="text-sm text-muted-foreground">
          Several sign-ins failed from here, so this browser solves a short puzzle (about a second) before trying again.
        </p>
      )}
      <Button type="submit" disabled={busy} className="w-full">
        {label}
      </Button>
    </form>
  );
}
