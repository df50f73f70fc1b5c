#!/usr/bin/env node
// Fails when an export of a public package has no TSDoc comment. Reads the JSON that
// `typedoc` writes beside the HTML site (docs/api/api.json, see typedoc.json): every
// top-level export of every package — function (its signatures), class, interface,
// type alias, variable, enum, namespace — needs a comment. Run by `pnpm run docs`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = process.argv[2] ?? fileURLToPath(new URL('../docs/api/api.json', import.meta.url));
const project = JSON.parse(readFileSync(file, 'utf8'));

const hasText = (comment) => !!comment && [...(comment.summary ?? []), ...(comment.blockTags ?? []).flatMap((t) => t.content ?? [])].some((part) => (part.text ?? '').trim().length > 0);
const documented = (reflection) =>
  hasText(reflection.comment) ||
  (reflection.signatures ?? []).some((s) => hasText(s.comment)) ||
  (reflection.type?.declaration?.signatures ?? []).some((s) => hasText(s.comment));

const packages = project.children ?? [];
const missing = [];
for (const pkg of packages) {
  for (const exported of pkg.children ?? []) {
    if (exported.variant === 'reference') continue; // a re-export of something documented elsewhere
    if (!documented(exported)) missing.push(`${pkg.name}: ${exported.name}`);
  }
}
if (missing.length > 0) {
  console.error(`${missing.length} exported symbol(s) without a TSDoc comment:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`API docs: every export of ${packages.length} packages is documented`);
