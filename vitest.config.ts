import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// Every workspace package with tests is a vitest project. Sibling packages resolve to
// their TypeScript sources through the "@scall/source" export condition, so tests run
// without a prior build. Tests on the real files in ../shared/data are named
// `*.data.test.ts` and run only with `pnpm test:data` (vitest.data.config.ts); tests in a
// real browser are `*.browser.test.ts`, run with `pnpm test:browser`.
const roots = ['packages', 'apps', 'examples']
  .flatMap((dir) => (existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : []))
  .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test')));

const conditions = ['@scall/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: roots.map((root) => ({
      extends: true,
      test: { name: basename(root), root, include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/**/*.data.test.ts', 'test/**/*.browser.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
    })),
  },
});
