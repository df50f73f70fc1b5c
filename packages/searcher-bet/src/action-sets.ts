import type { SizePlan } from '@scall/spec';

/**
 * A size plan as the fitness predictor reads it: entities grouped into sets, one set
 * per (side, size value). Entities of a set with equal frequency are one row with a
 * multiplicity, which leaves every masked mean unchanged and keeps the rows few.
 */
export interface ActionSets {
  /** Per row: the entity's frequency divided by the largest frequency of its side. */
  readonly rowFrequency: Float32Array;
  /** Per row: how many entities of the set share that frequency. */
  readonly rowCount: Float32Array;
  /** Per row: the set it belongs to, in [0, sets). */
  readonly rowSet: Int32Array;
  /** Per set: its size divided by MAX. */
  readonly setSize: Float32Array;
  /** Per set: its entities as a fraction of the side's population. */
  readonly setShare: Float32Array;
  /** Per set: 0 for users, 1 for items. */
  readonly setSide: Float32Array;
  /** Per set: its number of entities. */
  readonly setCount: Float32Array;
}

/**
 * Groups a plan's entities into BET's sets: one set per size value per side, each row
 * carrying the normalised frequency of its entities (their own frequency — BET's code
 * feeds item ids there, a defect not copied).
 *
 * @example
 * const sets = actionSets(plan, segment.userFrequencies, segment.itemFrequencies);
 */
export function actionSets(plan: Pick<SizePlan, 'userSizes' | 'itemSizes' | 'maxSize'>, userFrequencies: ArrayLike<number>, itemFrequencies: ArrayLike<number>): ActionSets {
  if (plan.userSizes.length !== userFrequencies.length || plan.itemSizes.length !== itemFrequencies.length) {
    throw new RangeError(
      `actionSets: plan has ${plan.userSizes.length} users / ${plan.itemSizes.length} items but frequencies cover ${userFrequencies.length} / ${itemFrequencies.length}`,
    );
  }
  const rowFrequency: number[] = [];
  const rowCount: number[] = [];
  const rowSet: number[] = [];
  const setSize: number[] = [];
  const setShare: number[] = [];
  const setSide: number[] = [];
  const setCount: number[] = [];
  const addSide = (sizes: Int32Array, frequencies: ArrayLike<number>, side: number) => {
    const n = sizes.length;
    if (n === 0) return;
    let max = 0;
    for (let i = 0; i < n; i++) if (frequencies[i] > max) max = frequencies[i];
    const scale = max > 0 ? 1 / max : 0;
    // Group by size, then by frequency inside a size: sort entity ids by (size, frequency).
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sizes[a] - sizes[b] || frequencies[a] - frequencies[b]);
    let set = -1;
    let lastSize = Number.NaN;
    let lastFrequency = Number.NaN;
    for (const e of order) {
      if (sizes[e] !== lastSize) {
        set = setSize.length;
        setSize.push(sizes[e] / plan.maxSize);
        setShare.push(0);
        setSide.push(side);
        setCount.push(0);
        lastSize = sizes[e];
        lastFrequency = Number.NaN;
      }
      setCount[set]++;
      if (frequencies[e] !== lastFrequency) {
        rowFrequency.push(frequencies[e] * scale);
        rowCount.push(0);
        rowSet.push(set);
        lastFrequency = frequencies[e];
      }
      rowCount[rowCount.length - 1]++;
    }
    for (let s = 0; s < setShare.length; s++) if (setSide[s] === side) setShare[s] = setCount[s] / n;
  };
  addSide(plan.userSizes, userFrequencies, 0);
  addSide(plan.itemSizes, itemFrequencies, 1);
  return {
    rowFrequency: Float32Array.from(rowFrequency),
    rowCount: Float32Array.from(rowCount),
    rowSet: Int32Array.from(rowSet),
    setSize: Float32Array.from(setSize),
    setShare: Float32Array.from(setShare),
    setSide: Float32Array.from(setSide),
    setCount: Float32Array.from(setCount),
  };
}
