#!/usr/bin/env node
import { defineCommand, runMain } from 'citty';
import { benchCommand } from './commands/bench.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { segmentsCommand } from './commands/segments.js';

const main = defineCommand({
  meta: { name: 'scall', description: 'SCALL: embedding sizes under a memory budget for streaming recommenders' },
  subCommands: { run: runCommand, bench: benchCommand, report: reportCommand, segments: segmentsCommand },
});

void runMain(main);
