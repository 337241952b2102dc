'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { TooFastNotice } from '@/components/too-fast-notice';
import { signInWithCredentials } from '@/lib/auth/credentials-sign-in';
import { solveCaptcha } from '@/lib/captcha/solve';

type Status =
  | { kind: 'idle' }
  | { kind: 'working'; label: string }
  | { kind: 'invalid' }
  | { kind: 'refused'; retryAfterSeconds: number; unavailable: boolean; at: number };

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

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
      case 'captcha':
        // Several failures from here: the browser proves some work (about a
        // second) before the next attempt. Solved once, used once.
        if (captcha) {
          setStatus({ kind: 'invalid' });
          return;
        }
        setStatus({ kind: 'working', label: 'Checking this browser…' });
        return attempt(email, password, await solveCaptcha(outcome.challenge));
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void attempt(String(form.get('email') ?? ''), String(form.get('password') ?? '')).catch(() =>
      setStatus({ kind: 'refused', retryAfterSeconds: 5, unavailable: true, at: Date.now() }),
    );
  }

  const working = status.kind === 'working';
  return (
    <form onSubmit={onSubmit} className="card" style={{ padding: 20 }} noValidate>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {status.kind === 'invalid' && (
        <p role="alert" className="alert">
          That email and password don’t match an account.
        </p>
      )}
      {status.kind === 'refused' && (
        <TooFastNotice key={status.at} retryAfterSeconds={status.retryAfterSeconds} unavailable={status.unavailable} />
      )}
      <button className="button" type="submit" disabled={working} style={{ width: '100%' }}>
        {working ? status.label : 'Sign in'}
      </button>
    </form>
  );
}
