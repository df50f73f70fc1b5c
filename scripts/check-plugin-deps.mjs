#!/usr/bin/env node
// Fails when a plug-in package (one whose src/index.ts exports `scallPlugins`) lists another
// plug-in package under `dependencies`: plug-ins get each other through the components the
// app injects (or a shared base library), never by importing one another.
//   node scripts/check-plugin-deps.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'index.ts')))
  .map((dir) => ({ manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')), index: readFileSync(join(dir, 'src', 'index.ts'), 'utf8') }));
const plugins = new Set(packages.filter((p) => /\bscallPlugins\b/.test(p.index)).map((p) => p.manifest.name));
const problems = [];
for (const { manifest } of packages) {
  if (!plugins.has(manifest.name)) continue;
  const offending = Object.keys(manifest.dependencies ?? {}).filter((name) => plugins.has(name));
  if (offending.length) problems.push(`${manifest.name} depends on plug-in package${offending.length > 1 ? 's' : ''} ${offending.join(', ')}`);
}
if (problems.length) {
  console.error(`check-plugin-deps: ${problems.length} plug-in package(s) depend on other plug-ins:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-plugin-deps: ${plugins.size} plug-in packages, none depends on another`);
