import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeReport } from '@scall/report';
import { defineCommand } from 'citty';
import { consola } from 'consola';
import { userDirectory } from '../execute-run.js';
import { UserError } from '../user-error.js';

export const reportCommand = defineCommand({
  meta: { name: 'report', description: 'Render report.html, summary.md and charts from every results.json under a directory' },
  args: {
    dir: { type: 'positional', description: 'directory holding run results (searched recursively)', required: true },
    out: { type: 'string', description: 'output directory (default <dir>/report)' },
  },
  async run({ args }) {
    const root = resolve(userDirectory(), args.dir);
    if (!existsSync(root)) throw new UserError(`${root}: no such directory`, { hint: 'give the directory a run or a bench wrote (its --out), e.g. scall report runs/bench-quick' });
    const out = resolve(userDirectory(), args.out ?? join(args.dir, 'report'));
    const written = await writeReport(root, out);
    consola.success(`report: ${written.html}`);
  },
});
