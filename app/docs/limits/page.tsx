// The limits every API user meets, generated from the policy table.
import type { Metadata } from 'next';
import { abuseSummary, policyDocs } from '@/server/ratelimit/docs';
import {
  GLOBAL_EXCLUDED_PREFIXES,
  MAX_BODY_BYTES,
  MAX_QUERY_PARAMETERS,
  MAX_UPLOAD_BYTES,
  REQUEST_TIMEOUT_MS,
} from '@/server/ratelimit/guards';
import { CHECK_TIMEOUT_MS } from '@/server/ratelimit/policies';

export const metadata: Metadata = { title: 'Rate limits · Tableside' };

const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;

export default function LimitsPage() {
  const docs = policyDocs();
  return (
    <main className="container" style={{ maxWidth: 1240, padding: '32px 16px' }}>
      <h1>Rate limits</h1>
      <p className="muted">
        Every request to Tableside is counted against the policies below: the global ones per client IP at the edge, and
        each API procedure&apos;s own. Defaults are shown; operators may change them per deployment with the listed
        variables.
      </p>
      <div style={{ overflowX: 'auto' }}>
        <table className="limits-table">
          <caption className="muted">Policies</caption>
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Limit</th>
              <th scope="col">Window</th>
              <th scope="col">Counted per</th>
              <th scope="col">If Redis is down</th>
              <th scope="col">Counting</th>
              <th scope="col">Applies to</th>
              <th scope="col">Override</th>
            </tr>
          </thead>
          <tbody>
            {docs.map((d) => (
              <tr key={d.name} id={d.name}>
                <th scope="row">
                  <code>{d.name}</code>
                </th>
                <td>{d.limit}</td>
                <td>{d.window}</td>
                <td>{d.key}</td>
                <td>{d.failMode === 'open' ? 'served (fail open)' : 'refused with 503 (fail closed)'}</td>
                <td>{d.counting}</td>
                <td>
                  {d.where}
                  {d.note && <p className="muted limits-note">{d.note}</p>}
                </td>
                <td>
                  {d.env.map((e) => (
                    <code key={e} style={{ display: 'block' }}>
                      {e}
                    </code>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>When you are over a limit</h2>
      <p>
        The answer is HTTP <code>429</code> with an integer <code>Retry-After</code> header (seconds) and the body{' '}
        <code>{'{"error":"rate_limited","policy":"menu","retryAfterSeconds":12,"message":"…"}'}</code>. tRPC calls fail
        with the code <code>TOO_MANY_REQUESTS</code> and carry <code>policy</code> and <code>retryAfterSeconds</code> in
        the error&apos;s <code>data</code>. Wait that long before retrying.
      </p>
      <h2>Headers on every counted response</h2>
      <p>
        <code>X-RateLimit-Limit</code>, <code>X-RateLimit-Remaining</code>, <code>X-RateLimit-Reset</code> (Unix
        seconds) and the IETF draft <code>RateLimit-Policy</code> / <code>RateLimit</code> headers, for the policy
        closest to refusing you.
      </p>
      <h2>Also</h2>
      <ul>
        <li>Not counted by the global limits: {GLOBAL_EXCLUDED_PREFIXES.join(', ')} and public files.</li>
        <li>
          Request bodies over {mb(MAX_BODY_BYTES)} are refused with 413 (image uploads: {mb(MAX_UPLOAD_BYTES)}); more
          than {MAX_QUERY_PARAMETERS} query parameters with 400; requests stop after {REQUEST_TIMEOUT_MS / 1000} s.
        </li>
        <li>{abuseSummary()}</li>
        <li>
          A check that cannot reach Redis within {CHECK_TIMEOUT_MS} ms is decided by the policy&apos;s fail mode:
          sign-in and payments are refused with 503 rather than run unprotected.
        </li>
      </ul>
    </main>
  );
}
