'use client';
import { ERROR_DETAIL, ERROR_HEADING, useReportError } from '@/components/errors/error-notice';
import './globals.css';

/**
 * The last resort, when the root layout itself failed: it replaces the whole
 * document, so it brings its own <html> and the guest pages' plain styles
 * (globals.css and its tokens), which suit any page.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useReportError(error);
  return (
    <html lang="en">
      <body>
        <title>{`${ERROR_HEADING} · Tableside`}</title>
        <main className="container" style={{ padding: '48px 16px' }}>
          <div role="alert">
            <h1 style={{ marginBottom: 8 }}>{ERROR_HEADING}</h1>
            <p className="muted">{ERROR_DETAIL}</p>
          </div>
          <button type="button" className="button" onClick={() => retry()}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
