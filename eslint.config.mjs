import { builtinModules } from 'node:module';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// Module boundaries (STYLE.md: "Boundaries are enforced, not hoped for").
// Each area lists what it may not import, as `@typescript-eslint/no-restricted-imports`
// patterns (that version can let `import type` through). An area's block replaces the
// rule's options of any earlier block for the same files, so every block carries the
// common patterns it needs.

/** Local stand-ins and test tooling are never imported by app or browser code. */
const NO_LOCAL_TOOLING = [
  { group: ['@/scripts/*', '@/e2e/*'], message: 'Local stand-ins are never imported by app code.' },
  { regex: '^(\\.{1,2}/)+(scripts|e2e)/', message: 'Local stand-ins are never imported by app code.' },
];
/** The database is reached through tRPC, never directly. */
const NO_DATABASE = [
  {
    group: ['@prisma/*', '@/server/generated/*', '@/server/db', '@/server/prisma-client'],
    message: 'Use tRPC (lib/trpc) instead.',
  },
];
/** The router's type, for the tRPC client: `import type { AppRouter }` only. */
const APP_ROUTER_TYPE_ONLY = {
  regex: '^@/server/api/root$',
  allowTypeImports: true,
  message: 'Only `import type { AppRouter }` from here: the router itself is server code.',
};
const NO_RELATIVE_SERVER = {
  regex: '^(\\.{1,2}/)+server/',
  message: 'Import server modules through `@/server/…`, where the boundary rules can see them.',
};

/** The browser's side (components, lib) may import from server/ only the pure, browser-safe modules. */
const browserRules = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        ...NO_DATABASE,
        ...NO_LOCAL_TOOLING,
        {
          regex: '^@/server/(?!shared/|domain/(.+/)?schemas$|api/root$)',
          message:
            'Browser code may import from server/ only `@/server/shared/*` (pure, browser-safe modules), the input schemas (`@/server/domain/**/schemas`) and `import type { AppRouter }`.',
        },
        APP_ROUTER_TYPE_ONLY,
        NO_RELATIVE_SERVER,
      ],
    },
  ],
};

/**
 * App pages reach the server through tRPC (lib/trpc/server), plus this
 * allow-list of server modules that RSC pages use directly, each for a reason:
 * - auth/session: /admin reads the session to redirect before rendering;
 * - ratelimit/{docs,guards,policies}: /docs/limits is generated from the policy table;
 * - domain/errors: guest pages tell a refusal (AppError details) from a crash;
 * - auth/redirects: the sign-in page keeps its callback path on this site;
 * - shared/*: money formatting and the other browser-safe modules;
 * - domain/…/schemas: the input schemas forms validate with (browser-safe);
 * - payments/mode: guest pages say when payments are test payments.
 */
const APP_PAGE_ALLOWED = [
  'shared/',
  'domain/(.+/)?schemas$',
  'auth/session$',
  'ratelimit/(docs|guards|policies)$',
  'domain/errors$',
  'auth/redirects$',
  'api/root$',
  'payments/mode$',
];
const appPageRules = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        ...NO_DATABASE,
        ...NO_LOCAL_TOOLING,
        {
          regex: `^@/server/(?!${APP_PAGE_ALLOWED.join('|')})`,
          message:
            'App pages use tRPC (lib/trpc/server) and the allow-list in eslint.config.mjs; add a module there only with a reason.',
        },
        APP_ROUTER_TYPE_ONLY,
        NO_RELATIVE_SERVER,
      ],
    },
  ],
};

/** Route handlers are a few lines: the logic lives in server/http (and next-auth's options). */
const routeHandlerRules = (extraAllowed = []) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        ...NO_DATABASE,
        ...NO_LOCAL_TOOLING,
        {
          regex: `^@/server/(?!${['http/', 'auth/options$', ...extraAllowed].join('|')})`,
          message:
            'Route handlers import only `@/server/http/*` and `@/server/auth/options`; put the logic in server/http.',
        },
        NO_RELATIVE_SERVER,
      ],
    },
  ],
});

/** The domain: no transport, no framework, no logging library (loggers and events come in as ports). */
const domainRules = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['@trpc/*'], message: 'The domain throws AppError; the API layer maps it to tRPC.' },
        {
          group: ['next', 'next/*', 'next-auth', 'next-auth/*', 'react', 'react-dom', 'react/*', 'react-dom/*'],
          message: 'The domain knows no framework.',
        },
        { group: ['pino'], message: 'Take a logger port (see server/domain/after-commit.ts).' },
        {
          regex: '^(@/server/|(\\.\\./)+)(api|http|log)(/|$)',
          message: 'The domain never imports the API, HTTP or logging layers: they import it.',
        },
      ],
    },
  ],
};

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_') && !name.includes('/'));

/** server/shared is what the browser bundles: pure TypeScript, nothing from Node, the database or the server. */
const sharedRules = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          // By exact name: a gitignore-style group would also catch a local './events' or '../domain'.
          regex: `^(node:|(${NODE_BUILTINS.join('|')})(/|$))`,
          message: 'server/shared runs in the browser: no Node APIs.',
        },
        {
          group: ['@prisma/*', 'zod', 'server-only', 'pino', '@trpc/*', 'next', 'next/*'],
          message: 'server/shared is pure: no libraries.',
        },
        {
          regex: '^(@/(?!server/shared/)|\\.\\./)',
          message: 'server/shared imports only from server/shared: everything it pulls in reaches the browser.',
        },
      ],
    },
  ],
};

/**
 * The input schemas (each schemas.ts under server/domain) are what forms validate with in the browser,
 * the same rules the server applies: zod, server/shared and other schemas, nothing else.
 */
const schemaRules = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '^(?!zod$|\\.{1,2}/|@/server/)',
          message: 'Input schemas are bundled for the browser: only zod, server/shared and other schemas.',
        },
        {
          regex: '^(\\.{1,2}/)+(?!(\\.{1,2}/)*(shared/|([\\w-]+/)*schemas$))',
          message: 'Input schemas import only server/shared and other schemas modules: they reach the browser.',
        },
        {
          regex: '^\\./(?!schemas$)',
          message: 'Input schemas import only server/shared and other schemas modules: they reach the browser.',
        },
        {
          regex: '^@/server/(?!shared/|domain/(.+/)?schemas$)',
          message: 'Input schemas import only server/shared and other schemas modules: they reach the browser.',
        },
      ],
    },
  ],
};

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
    files: ['components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    // Server-only bridges: the RSC tRPC caller runs the router in-process.
    ignores: ['lib/trpc/server.ts'],
    rules: browserRules,
  },
  { files: ['app/**/*.{ts,tsx}'], ignores: ['app/api/**'], rules: appPageRules },
  { files: ['app/api/**/*.{ts,tsx}'], rules: routeHandlerRules() },
  { files: ['server/domain/**/*.ts'], ignores: ['**/*.test.ts'], rules: domainRules },
  { files: ['server/shared/**/*.ts'], ignores: ['**/*.test.ts'], rules: sharedRules },
  { files: ['server/domain/**/schemas.ts'], rules: schemaRules },
];

export default config;
