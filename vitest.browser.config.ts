import { defineConfig } from 'vitest/config';

// `pnpm test:browser`: tests that drive a real headless Chromium (files named
// `test/**/*.browser.test.ts`); .ci/run installs Debian's chromium first. `pnpm test`
// excludes them.
const conditions = ['@scall/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [{ extends: true, test: { name: 'reference:browser', root: 'apps/reference', include: ['test/**/*.browser.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 } }],
  },
});
