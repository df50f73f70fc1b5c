import { createScallAllocator } from '@scall/allocators';
import { createPowerLaw } from '@scall/distribution-power-law';
import { createRng } from '@scall/rng';
import { initTf } from '@scall/tf-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionSets, actionToPlan, FitnessPredictor, sampleBetAction, spearman, type ActionSets, type BetAction } from '../src/index.js';

/** The rank correlation the predictor must reach on held-out candidates. */
const HELD_OUT_SPEARMAN = 0.8;

const distribution = createPowerLaw({ shapeRange: [0.1, 20] });
const families = [{ distribution, allocator: createScallAllocator({ distribution }) }];
const userFrequencies = Float64Array.from({ length: 240 }, (_, i) => Math.floor(120 / (1 + 0.3 * i)));
const itemFrequencies = Float64Array.from({ length: 360 }, (_, i) => Math.floor(400 / (1 + 0.5 * i)));
const target = { userFrequencies, itemFrequencies, budgetParameters: 8 * 600, minSize: 1, maxSize: 64 };

/** The synthetic fitness: best at a user share of 0.35 and a mid-range item shape. */
const fitness = (a: BetAction) => 0.2 - (a.userShare - 0.35) ** 2 - 0.3 * (a.itemShape - 0.6) ** 2;

function dataset(count: number, seed: number): { sets: ActionSets[]; fitness: number[] } {
  const rng = createRng(seed);
  const actions = Array.from({ length: count }, () => sampleBetAction(rng, families.length));
  return {
    sets: actions.map((a) => actionSets(actionToPlan(a, target, families), userFrequencies, itemFrequencies)),
    fitness: actions.map(fitness),
  };
}

describe('DeepSets fitness predictor', () => {
  beforeAll(async () => {
    await initTf({ backends: ['wasm', 'cpu'] });
  });

  it(`ranks held-out actions of a known fitness function (Spearman > ${HELD_OUT_SPEARMAN})`, () => {
    const train = dataset(96, 1);
    const test = dataset(48, 2);
    const predictor = new FitnessPredictor({ seed: 3, epochs: 40 });
    train.sets.forEach((s, i) => predictor.addExample(s, train.fitness[i]));
    const before = spearman(predictor.predict(test.sets), test.fitness);
    predictor.fit(createRng(4));
    const after = spearman(predictor.predict(test.sets), test.fitness);
    expect(after).toBeGreaterThan(HELD_OUT_SPEARMAN);
    expect(after).toBeGreaterThan(before);
    predictor.dispose();
  });

  it('is deterministic for a seed and restores exactly from a snapshot', () => {
    const train = dataset(12, 5);
    const make = () => {
      const p = new FitnessPredictor({ seed: 9, epochs: 4 });
      train.sets.forEach((s, i) => p.addExample(s, train.fitness[i]));
      p.fit(createRng(1));
      return p;
    };
    const a = make();
    const b = make();
    expect(Array.from(a.predict(train.sets))).toEqual(Array.from(b.predict(train.sets)));
    const snapshot = a.snapshot();
    const copy = new FitnessPredictor({ seed: 123, epochs: 4 });
    copy.restore({ kind: snapshot.kind, meta: JSON.parse(JSON.stringify(snapshot.meta)), arrays: snapshot.arrays });
    expect(copy.size).toBe(12);
    expect(Array.from(copy.predict(train.sets))).toEqual(Array.from(a.predict(train.sets)));
    // Training continues identically from the restored state and training set.
    a.fit(createRng(2));
    copy.fit(createRng(2));
    expect(Array.from(copy.predict(train.sets))).toEqual(Array.from(a.predict(train.sets)));
    expect(copy.embed(train.sets.slice(0, 2))[0].length).toBe(64);
    for (const p of [a, b, copy]) p.dispose();
  });

  it('rejects bad options and mismatched snapshots, naming the problem', () => {
    expect(() => new FitnessPredictor({ epochs: 0 })).toThrow(/epochs/);
    expect(() => new FitnessPredictor({ setWidths: [] })).toThrow(/setWidths/);
    const small = new FitnessPredictor({ setWidths: [8] });
    const big = new FitnessPredictor();
    expect(() => big.restore(small.snapshot())).toThrow(/widths/);
    small.dispose();
    big.dispose();
  });
});
