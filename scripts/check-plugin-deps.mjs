#!/usr/bin/env node
// Fails when a plug-in package lists another plug-in package as a dependency (under
// `dependencies`, `peerDependencies` or `optionalDependencies`; `devDependencies`, for
// tests, are allowed). A plug-in package is one whose src/index.ts exports `scallPlugins`
// (a PluginManifest); the others (`@scall/spec`, `@scall/plugin-utils`, `@scall/rng`,
// `@scall/kernels`, `@scall/agent-kit`, ...) are libraries any package may use. Plug-ins get
// each other through the components the app injects, or share a library, never by
// importing one another. Covers packages/* and examples/*.
//   node scripts/check-plugin-deps.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const EXPORTS_MANIFEST = /export\s*(?:\{[^}]*\bscallPlugins\b[^}]*\}|const\s+scallPlugins\b)/;
const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

const packages = ['packages', 'examples']
  .filter((folder) => existsSync(join(root, folder)))
  .flatMap((folder) => readdirSync(join(root, folder)).map((dir) => join(root, folder, dir)))
  .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'index.ts')))
  .map((dir) => ({ manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')), index: readFileSync(join(dir, 'src', 'index.ts'), 'utf8') }));
const plugins = new Set(packages.filter((p) => EXPORTS_MANIFEST.test(p.index)).map((p) => p.manifest.name));
const problems = [];
for (const { manifest } of packages) {
  if (!plugins.has(manifest.name)) continue;
  for (const field of DEPENDENCY_FIELDS) {
    const offending = Object.keys(manifest[field] ?? {}).filter((name) => plugins.has(name));
    if (offending.length) problems.push(`${manifest.name} lists plug-in package${offending.length > 1 ? 's' : ''} ${offending.join(', ')} under ${field}`);
  }
}
if (problems.length) {
  console.error(
    `check-plugin-deps: ${problems.length} plug-in package(s) depend on other plug-ins (inject the component through SearcherComponents, or move the shared code to a library):\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`check-plugin-deps: ${plugins.size} plug-in packages and ${packages.length - plugins.size} libraries; no plug-in depends on another`);
