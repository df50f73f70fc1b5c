import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker scripts are entries of their own: a pool starts dist/worker-bootstrap.js,
  // which imports dist/worker.js (see scoring-pool.ts).
  entry: ['src/index.ts', 'src/worker.ts', 'src/worker-bootstrap.mjs'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
