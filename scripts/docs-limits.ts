// `npm run docs:limits`: rewrites the README's limits table from the policy table.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { limitsMarkdownTable, README_MARKERS } from '../server/ratelimit/docs';

const readme = join(import.meta.dirname, '..', 'README.md');
const text = readFileSync(readme, 'utf8');
const start = text.indexOf(README_MARKERS.start);
const end = text.indexOf(README_MARKERS.end);
if (start < 0 || end < start) throw new Error('README.md has no limits markers');
writeFileSync(
  readme,
  `${text.slice(0, start + README_MARKERS.start.length)}\n${limitsMarkdownTable()}\n${text.slice(end)}`,
);
console.log('README.md limits table updated');
