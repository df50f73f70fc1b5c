// Signal-to-noise of SCALL's reward options (issue 12 §3). For one segment used as the
// policy-update environment, scores a few fixed actions over several seeds and reports,
// per reward option: noise = sd over seeds of one fixed action's reward ratio (a0 =
// (0.5, 0.5, 0.5)), spread = sd over actions of the seed-mean ratio, and
// SNR = spread / noise, plus the paired noise (sd over seeds of r(a) - r(a0), mean over a)
// that matters when actions share seeds (common random numbers).
//
//   nice -n 10 pnpm --filter @scall/searcher-scall exec tsx --conditions=@scall/source bench/reward-snr.ts \
//     --dataset synthetic-small --segments 3,4 --seeds 4 --budget 8 [--steps 200] [--batch 10000] [--init fresh|shared] [--mappings linear,log] [--actions 0.5:0.5:0.5,0.5:0.1:0.1] [--data-dir ../shared/data]
import { createScallAllocator } from '@scall/allocators';
import { datasetPreset, loadStream, type DatasetPresetName } from '@scall/datasets';
import { powerLaw } from '@scall/distribution-power-law';
import { evaluate } from '@scall/evaluation';
import { createLightGcn } from '@scall/recommender-lightgcn';
import { budgetParameters, type CandidateSet, type EvaluationSplit, type SizePlan, type StreamSegment } from '@scall/spec';
import { initTf } from '@scall/tf-runtime';
import { actionToPlan, drawRewardSeeds, scorePlan, sharedInitialEmbeddings, uniformPlan, type RewardSeed, type ShapeMapping } from '../src/index.js';
import type { EmbeddingState } from '@scall/spec';
import { createRng } from '@scall/rng';
import { fileURLToPath } from 'node:url';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const datasetName = (args.get('dataset') ?? 'synthetic-small') as DatasetPresetName;
const segments = (args.get('segments') ?? '3,4').split(',').map(Number);
const seeds = Number(args.get('seeds') ?? 4);
const meanSize = Number(args.get('budget') ?? 8);
const steps = Number(args.get('steps') ?? 200);
const batch = args.has('batch') ? Number(args.get('batch')) : undefined;
const mappings = (args.get('mappings') ?? 'linear,log').split(',') as ShapeMapping[];
const init = args.get('init') ?? 'fresh';
if (init !== 'fresh' && init !== 'shared') throw new Error(`--init must be fresh or shared, got ${init}`);

// `--actions rho:alphaU:alphaI,...` replaces the default five; the first is a0, the action
// whose reward noise is measured.
const parseAction = (text: string): number[] => {
  const action = text.split(':').map(Number);
  if (action.length !== 3 || action.some((v) => !(v >= 0 && v <= 1))) {
    throw new Error(`--actions: "${text}" is not rho:alphaU:alphaI with each value in [0, 1]`);
  }
  return action;
};
const ACTIONS: number[][] = args.has('actions')
  ? args.get('actions')!.split(',').map(parseAction)
  : [
      [0.5, 0.5, 0.5],
      [0.2, 0.5, 0.5],
      [0.8, 0.5, 0.5],
      [0.5, 0.05, 0.05],
      [0.5, 0.95, 0.95],
    ];
const EVALUATORS: { label: string; split: EvaluationSplit; candidates: CandidateSet }[] = [
  { label: 'test/test-items', split: 'test', candidates: 'test-items' },
  { label: 'test/catalogue', split: 'test', candidates: 'catalogue' },
  { label: 'validation/catalogue', split: 'validation', candidates: 'catalogue' },
];

const sd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const { backend } = await initTf();
const dataDir = args.get('data-dir') ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
const stream = await loadStream({ ...datasetPreset(datasetName, dataDir), validationRatio: 0.1 });
const allocator = createScallAllocator({ distribution: powerLaw });
console.log(`# reward SNR: ${datasetName}, segments ${segments.join(',')}, ${seeds} seeds, c=${meanSize}, ${steps} steps, batch ${batch ?? 'default'}, init ${init}, backend ${backend}`);

for (const t of segments) {
  const env: StreamSegment = stream.segment(t);
  const P = budgetParameters({ kind: 'mean-size', meanSize }, env.numUsers, env.numItems);
  const target = { userFrequencies: env.userFrequencies, itemFrequencies: env.itemFrequencies, budgetParameters: P, minSize: 1, maxSize: 256 };
  const evalUsers = EVALUATORS.map((e) => ({ label: e.label, users: 0 }));
  // fitness[mapping][action][seed][evaluator], twin[seed][evaluator]
  const seedList = drawRewardSeeds(createRng(1000 + t), seeds, true);
  const input = (fitness: (r: Parameters<typeof evaluate>[0]) => Promise<number>) => ({
    segment: env,
    createRecommender: () => createLightGcn(batch ? { batchSize: batch } : {}),
    steps,
    batchSize: undefined,
    fitness,
    ...(init === 'shared' ? { initial: (seed: RewardSeed) => initialOf(seed) } : {}),
  });
  const initialTables = new Map<RewardSeed, EmbeddingState>();
  const initialOf = (seed: RewardSeed) => {
    let table = initialTables.get(seed);
    if (!table) initialTables.set(seed, (table = sharedInitialEmbeddings(seed, env, () => createLightGcn(batch ? { batchSize: batch } : {}), 1, 256)));
    return table;
  };
  const scoreAll = async (plan: SizePlan, seed: (typeof seedList)[number]) => {
    const out: number[] = [];
    let seconds = 0;
    const started = performance.now();
    await scorePlan(plan, seed, input(async (r) => {
      seconds = (performance.now() - started) / 1000;
      for (let e = 0; e < EVALUATORS.length; e++) {
        const res = await evaluate(r, env, { split: EVALUATORS[e].split, candidates: EVALUATORS[e].candidates, ks: [20] });
        evalUsers[e].users = res.users;
        out.push(res.fitness);
      }
      return out[0];
    }));
    return { out, seconds };
  };
  const twin: number[][] = [];
  const trainSeconds: number[] = [];
  const uni = uniformPlan(env.numUsers, env.numItems, P, 1, 256);
  for (const seed of seedList) {
    const r = await scoreAll(uni, seed);
    twin.push(r.out);
    trainSeconds.push(r.seconds);
  }
  // The 'deployed' baseline is one constant per segment (it does not change SNR); use the
  // first seed's uniform model as that constant.
  const fRef = twin[0];
  console.log(`\n## segment ${t}: ${env.numUsers} users, ${env.numItems} items, graph rows ${env.graph.length}; evaluated users ${evalUsers.map((e) => `${e.label} ${e.users}`).join(', ')}`);
  console.log(`| mapping | reward option | noise sd (a0) | spread sd (actions) | SNR | paired noise sd | SNR paired | mean ratio per action |`);
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const mapping of mappings) {
    const fit: number[][][] = [];
    for (const action of ACTIONS) {
      const plan = actionToPlan(action, target, powerLaw, allocator, mapping).plan;
      const perSeed: number[][] = [];
      for (const seed of seedList) {
        const r = await scoreAll(plan, seed);
        perSeed.push(r.out);
        trainSeconds.push(r.seconds);
      }
      fit.push(perSeed);
    }
    const options: { label: string; ratio: (a: number, s: number, e: number) => number; k: number }[] = [];
    for (let e = 0; e < EVALUATORS.length; e++) {
      options.push({ label: `${EVALUATORS[e].label}, f_ref`, ratio: (a, s) => fit[a][s][e] / fRef[e], k: 1 });
      options.push({ label: `${EVALUATORS[e].label}, twin`, ratio: (a, s) => fit[a][s][e] / twin[s][e], k: 1 });
    }
    for (const o of options) {
      for (const k of [1, 2]) {
        if (k > seeds / 2) continue;
        const e = EVALUATORS.findIndex((x) => o.label.startsWith(x.label));
        // Average over k consecutive seeds: floor(seeds / k) reward draws.
        const draws = Math.floor(seeds / k);
        const r = (a: number, d: number) => mean(Array.from({ length: k }, (_, j) => o.ratio(a, d * k + j, e)));
        const perAction = ACTIONS.map((_, a) => Array.from({ length: draws }, (_, d) => r(a, d)));
        const noise = sd(perAction[0]);
        const spread = sd(perAction.map(mean));
        const paired = mean(perAction.slice(1).map((xs, a) => sd(xs.map((x, d) => x - perAction[0][d]))));
        console.log(
          `| ${mapping} | ${o.label}, k=${k} | ${noise.toFixed(4)} | ${spread.toFixed(4)} | ${(spread / noise).toFixed(2)} | ${paired.toFixed(4)} | ${(spread / paired).toFixed(2)} | ${perAction.map((xs) => mean(xs).toFixed(3)).join(' ')} |`,
        );
      }
    }
  }
  console.log(`\nseconds per reward model (train ${steps} steps): mean ${mean(trainSeconds).toFixed(2)}, n ${trainSeconds.length}`);
}
