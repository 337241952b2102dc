import type { NextConfig } from 'next';
import { ASSET_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from './server/edge/security-headers';
import { MAX_BODY_BYTES } from './server/ratelimit/guards';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Argon2 is a native addon; keep it out of the server bundle.
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg'],
  // `npm test` typechecks the whole project (tsc --noEmit) before it builds;
  // checking again inside `next build` would only add time.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Next buffers a request body for middleware and silently cuts it at this
    // size. Above our own limit, so the route handlers' byte count
    // (server/http/body.ts) always sees a body that is too large as too large
    // (socket chunks are well under the 1 MB of slack) and answers 413.
    proxyClientMaxBodySize: MAX_BODY_BYTES + 1024 * 1024,
  },
  // What middleware.ts does not see (build assets, public files) gets the same headers.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
      {
        source: '/_next/static/:path*',
        headers: [{ key: 'Content-Security-Policy', value: ASSET_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
};

export default nextConfig;
