#!/usr/bin/env node
import { defineCommand, runMain } from 'citty';

// Sub-commands load lazily: `scall run` never pays for the report's chart renderer.
const main = defineCommand({
  meta: { name: 'scall', description: 'SCALL: embedding sizes under a memory budget for streaming recommenders' },
  subCommands: {
    run: () => import('./commands/run.js').then((m) => m.runCommand),
    bench: () => import('./commands/bench.js').then((m) => m.benchCommand),
    report: () => import('./commands/report.js').then((m) => m.reportCommand),
    segments: () => import('./commands/segments.js').then((m) => m.segmentsCommand),
  },
});

void runMain(main);
