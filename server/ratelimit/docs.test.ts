import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { limitsMarkdownTable, policyDocs, README_MARKERS } from './docs';
import { POLICY_NAMES } from './policies';

describe('limits documentation', () => {
  it('the README table is exactly what the policy table generates (npm run docs:limits)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf(README_MARKERS.start) + README_MARKERS.start.length;
    const end = readme.indexOf(README_MARKERS.end);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start, end).trim()).toBe(limitsMarkdownTable());
  });

  it('documents every policy with its env override', () => {
    const docs = policyDocs();
    expect(docs.map((d) => d.name)).toEqual(POLICY_NAMES);
    expect(docs.find((d) => d.name === 'global')?.env).toEqual([
      'RATE_LIMIT_GLOBAL_LIMIT',
      'RATE_LIMIT_GLOBAL_WINDOW',
      'RATE_LIMIT_GLOBAL_PER_MINUTE',
    ]);
    expect(docs.find((d) => d.name === 'login')?.env).toContain('RATE_LIMIT_LOGIN_PER_15MIN');
  });
});
