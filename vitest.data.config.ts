import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `pnpm test:data`: only the tests on the real datasets, files named `test/**/*.data.test.ts`
// in any workspace package. They read ../shared/data (or $SCALL_DATA_DIR); a missing folder
// fails the run in test/data-setup.ts instead of skipping tests. `pnpm test` excludes them.
const roots = ['packages', 'apps', 'examples']
  .flatMap((dir) => (existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : []))
  .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test')))
  .filter((dir) => readdirSync(join(dir, 'test'), { recursive: true }).some((file) => String(file).endsWith('.data.test.ts')));

const conditions = ['@scall/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    globalSetup: [fileURLToPath(new URL('./scripts/data-tests-setup.ts', import.meta.url))],
    projects: roots.map((root) => ({
      extends: true,
      test: { name: `${basename(root)}:data`, root, include: ['test/**/*.data.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
    })),
  },
});
