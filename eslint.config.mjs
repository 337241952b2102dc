import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.data/**',
      'server/generated/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // App code reaches the database and domain only through tRPC.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/server/db', '@/server/prisma-client', '@/server/generated/*', '@prisma/*'],
              message: 'Use tRPC (lib/trpc) instead.',
            },
            { group: ['@/scripts/*', '@/e2e/*'], message: 'Local stand-ins are never imported by app code.' },
          ],
        },
      ],
    },
  },
];

export default config;
