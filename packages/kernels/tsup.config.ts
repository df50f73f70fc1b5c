import { defineConfig } from 'tsup';

export default defineConfig({
  // The propagation step's worker is an entry of its own: dist/propagation-worker.js,
  // started by dist/index.js (see src/propagation-threads.ts).
  entry: ['src/index.ts', 'src/propagation-worker.mjs'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
