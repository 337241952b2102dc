import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './server/edge/security-headers';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Argon2 is a native addon; keep it out of the server bundle.
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg'],
  // `npm test` typechecks the whole project (tsc --noEmit) before it builds;
  // checking again inside `next build` would only add time.
  typescript: { ignoreBuildErrors: true },
  // What middleware.ts does not see (build assets, public files) gets the same headers.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
