import { evaluate } from '@scall/evaluation';
import { createRng } from '@scall/rng';
import type { Interactions, StreamSegment } from '@scall/spec';
import { createMockRecommender, createMockSegment, createUniformPlan } from '@scall/testkit';
import type { MockRecommenderOptions } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { trainToConvergence } from '../src/index.js';
import type { BlockInfo } from '../src/index.js';

const BLOCK = 5;

/**
 * A scripted model: after block b (steps = (b + 1) x BLOCK) the first `good[b]` users of
 * `part` rank their relevant items first (score 1); everyone else ranks them last
 * (score 0, below the 0.5 of every other item). More good users, higher fitness.
 */
function scripted(segment: StreamSegment, part: Interactions, good: readonly number[], extra: MockRecommenderOptions = {}) {
  const users = [...new Set(part.users)].sort((a, b) => a - b);
  const relevant = new Set<number>();
  for (let r = 0; r < part.length; r++) relevant.add(part.users[r] * 10_000 + part.items[r]);
  const model = createMockRecommender({
    ...extra,
    score: (u, i, steps) => {
      if (!relevant.has(u * 10_000 + i)) return 0.5;
      const block = Math.max(0, Math.min(good.length - 1, steps / BLOCK - 1));
      return users.indexOf(u) < good[block] ? 1 : 0;
    },
  });
  model.build({
    graph: segment.graph,
    numUsers: segment.numUsers,
    numItems: segment.numItems,
    plan: createUniformPlan(segment.numUsers, segment.numItems, 4),
    rng: createRng(1),
  });
  return model;
}

describe('trainToConvergence', () => {
  const segment = createMockSegment({ numUsers: 30, numItems: 40, seed: 7, validationFraction: 0.3 });

  it('keeps the best block, stops after `patience` blocks without improvement and restores it', async () => {
    const model = scripted(segment, segment.test, [1, 3, 6, 4, 2, 5, 9, 9]);
    const seen: BlockInfo[] = [];
    const report = await trainToConvergence(model, segment, {
      rng: createRng(3),
      blockSteps: BLOCK,
      lossPlateau: null,
      ks: [1],
      onBlock: (info) => seen.push(info),
    });
    expect(report.selection).toBe('test');
    expect(report.blocks).toBe(6); // blocks 3, 4, 5 fail to beat block 2
    expect(report.stoppedBy).toBe('patience');
    expect(report.steps).toBe(6 * BLOCK);
    expect(report.bestBlock).toBe(2);
    expect(seen.map((s) => s.block)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(seen.map((s) => s.steps)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(seen.map((s) => s.best)).toEqual([true, true, true, false, false, false]);
    expect(seen[5].bestBlock).toBe(2);
    expect(seen[0].fitness).toBeLessThan(seen[1].fitness);
    expect(seen[1].fitness).toBeLessThan(seen[2].fitness);
    expect(report.firstBlockFitness).toBe(seen[0].fitness);
    expect(report.bestFitness).toBe(seen[2].fitness);
    // the model holds block 2's checkpoint again
    expect(model.trainedSteps).toBe(3 * BLOCK);
    const again = await evaluate(model, segment, { ks: [1] });
    expect(again.fitness).toBe(report.bestFitness);
    expect(report.test).toEqual(again);
    expect(report.selected).toBe(report.test);
  });

  it('selects on the validation split and reports the test figures of that checkpoint', async () => {
    const model = scripted(segment, segment.validation!, [2, 8, 4, 1, 3]);
    const report = await trainToConvergence(model, segment, {
      rng: createRng(3),
      selection: 'validation',
      blockSteps: BLOCK,
      lossPlateau: null,
      ks: [1],
    });
    expect(report.selection).toBe('validation');
    expect(report.bestBlock).toBe(1);
    expect(report.blocks).toBe(5);
    expect(report.selected.split).toBe('validation');
    expect(report.test.split).toBe('test');
    expect(model.trainedSteps).toBe(2 * BLOCK);
    expect(report.test).toEqual(await evaluate(model, segment, { ks: [1] }));
  });

  it('keeps training while the loss still falls by more than lossPlateau', async () => {
    // loss halves for 6 blocks, then stays flat; fitness peaks at block 0
    const loss = (_before: number, after: number) => 100 * 0.5 ** Math.min(5, after / BLOCK - 1);
    const schedule = [5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const withRule = await trainToConvergence(scripted(segment, segment.test, schedule, { loss }), segment, {
      rng: createRng(3),
      blockSteps: BLOCK,
      ks: [1],
    });
    expect(withRule.blocks).toBe(7); // block 6 is the first whose loss did not fall
    expect(withRule.bestBlock).toBe(0);
    const patienceOnly = await trainToConvergence(scripted(segment, segment.test, schedule, { loss }), segment, {
      rng: createRng(3),
      blockSteps: BLOCK,
      ks: [1],
      lossPlateau: null,
    });
    expect(patienceOnly.blocks).toBe(4);
  });

  it('stops at maxBlocks when fitness keeps improving', async () => {
    const model = scripted(segment, segment.test, [1, 2, 3, 4, 5, 6]);
    const report = await trainToConvergence(model, segment, { rng: createRng(1), blockSteps: BLOCK, ks: [1], maxBlocks: 4 });
    expect(report.blocks).toBe(4);
    expect(report.stoppedBy).toBe('max-blocks');
    expect(report.bestBlock).toBe(3);
  });

  it('learns on the mock segment: the kept checkpoint beats the first block', async () => {
    const model = createMockRecommender({ learningRate: 0.2 });
    model.build({
      graph: segment.graph,
      numUsers: segment.numUsers,
      numItems: segment.numItems,
      plan: createUniformPlan(segment.numUsers, segment.numItems, 8),
      rng: createRng(4),
    });
    const report = await trainToConvergence(model, segment, { rng: createRng(5), blockSteps: 20, maxBlocks: 15, candidates: 'catalogue', ks: [5] });
    expect(report.bestFitness).toBeGreaterThan(report.firstBlockFitness);
  });

  it('errors clearly when validation is asked for but missing, or an option is bad', async () => {
    const plain = createMockSegment({ numUsers: 10, numItems: 20 });
    const model = scripted(plain, plain.test, [1]);
    await expect(trainToConvergence(model, plain, { rng: createRng(1), selection: 'validation' })).rejects.toThrow(
      /segment 1 has no validation split/,
    );
    await expect(trainToConvergence(model, plain, { rng: createRng(1), blockSteps: 0 })).rejects.toThrow(/blockSteps must be a positive integer, got 0/);
    await expect(trainToConvergence(model, plain, { rng: createRng(1), lossPlateau: -1 })).rejects.toThrow(/lossPlateau/);
    expect(model.calls.train).toBe(0);
  });
});

describe("trainToConvergence's improvement rule", () => {
  const segment = createMockSegment({ numUsers: 30, numItems: 40, seed: 7 });
  // Fitness by block: 1, 3, 3, 3, 2, 2, 2 good users — block 1 ties with blocks 2 and 3.
  const good = [1, 3, 3, 3, 2, 2, 2];

  it("'strict' keeps the first of tied blocks and stops 3 blocks after it", async () => {
    const report = await trainToConvergence(scripted(segment, segment.test, good), segment, { rng: createRng(3), blockSteps: BLOCK, lossPlateau: null, ks: [1] });
    expect(report.bestBlock).toBe(1);
    expect(report.blocks).toBe(5);
  });

  it("'non-strict' (the reference's >=) lets the later tie win and restart patience", async () => {
    const report = await trainToConvergence(scripted(segment, segment.test, good), segment, {
      rng: createRng(3),
      blockSteps: BLOCK,
      lossPlateau: null,
      ks: [1],
      improvement: 'non-strict',
    });
    expect(report.bestBlock).toBe(3);
    expect(report.blocks).toBe(7);
  });

  it('an empty validation slice evaluates 0 users, and its ties never restart patience', async () => {
    const empty = { ...segment, validation: { users: new Int32Array(0), items: new Int32Array(0), timestamps: new Float64Array(0), length: 0 } };
    const report = await trainToConvergence(scripted(empty, empty.test, good), empty, {
      rng: createRng(3),
      blockSteps: BLOCK,
      lossPlateau: null,
      ks: [1],
      selection: 'validation',
      improvement: 'non-strict',
    });
    expect(report.selected.users).toBe(0);
    expect(report.bestBlock).toBe(0);
    expect(report.blocks).toBe(4);
    expect(report.test.users).toBeGreaterThan(0);
  });

  it('rejects an unknown rule by name', async () => {
    await expect(trainToConvergence(scripted(segment, segment.test, good), segment, { rng: createRng(3), improvement: 'loose' as 'strict' })).rejects.toThrow(/improvement/);
  });
});
