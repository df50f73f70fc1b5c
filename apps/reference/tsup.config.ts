import { defineConfig } from 'tsup';

export default defineConfig({
  // scoring-worker.ts is loaded by the scoring workers (execution.workers > 1).
  entry: ['src/index.ts', 'src/cli.ts', 'src/scoring-worker.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
