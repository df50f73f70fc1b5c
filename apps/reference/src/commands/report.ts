import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeCostCurveReport, writeReport } from '@scall/report';
import { defineCommand } from 'citty';
import { consola } from 'consola';
import { userDirectory } from '../execute-run.js';
import { UserError } from '../user-error.js';

export const reportCommand = defineCommand({
  meta: {
    name: 'report',
    description: 'Render report.html, summary.md and charts from every results.json under a directory, or (--cost-curve) a cost-curve benchmark file',
  },
  args: {
    dir: { type: 'positional', description: 'directory holding run results (searched recursively)', required: false },
    'cost-curve': { type: 'string', description: 'render a cost-curve benchmark file (bench-results/cost-curve.json) instead: cost-curve.html, cost-curve.md, charts' },
    out: { type: 'string', description: 'output directory (default <dir>/report; with --cost-curve, a cost-curve folder beside the file)' },
    baselines: { type: 'string', description: 'paired differences against these searchers, comma-separated, in turn (default uniform; e.g. uniform,fixed-action)' },
  },
  async run({ args }) {
    const costCurve = args['cost-curve'];
    if (costCurve !== undefined) {
      if (args.dir !== undefined) throw new UserError(`give either a run directory or --cost-curve, not both (got ${args.dir} and --cost-curve ${costCurve})`);
      const file = resolve(userDirectory(), costCurve);
      if (!existsSync(file)) throw new UserError(`${file}: no such file`, { hint: 'run the benchmark first: pnpm --filter @scall/reference bench:cost-curve (it writes bench-results/cost-curve.json)' });
      const out = resolve(userDirectory(), args.out ?? join(dirname(costCurve), 'cost-curve'));
      const written = await writeCostCurveReport(file, out).catch((error: unknown) => {
        // A malformed file is the user's to fix: its errors name the file and the field.
        if (error instanceof Error && error.message.startsWith(`${file}: `)) throw new UserError(error.message);
        throw error;
      });
      consola.success(`cost-curve report: ${written.html}`);
      return;
    }
    if (args.dir === undefined) throw new UserError('scall report needs a directory of run results (or --cost-curve <file>)', { hint: 'e.g. scall report runs/bench-quick' });
    const root = resolve(userDirectory(), args.dir);
    if (!existsSync(root)) throw new UserError(`${root}: no such directory`, { hint: 'give the directory a run or a bench wrote (its --out), e.g. scall report runs/bench-quick' });
    const out = resolve(userDirectory(), args.out ?? join(args.dir, 'report'));
    const baselines = args.baselines?.split(',').map((b) => b.trim()).filter(Boolean);
    if (baselines !== undefined && baselines.length === 0) throw new UserError('--baselines must name at least one searcher (e.g. --baselines uniform,fixed-action)');
    const written = await writeReport(root, out, { baselines });
    consola.success(`report: ${written.html}`);
  },
});
