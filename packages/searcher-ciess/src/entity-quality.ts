import type { Interactions } from '@scall/spec';

/** Per-user metric values of one evaluation, as `@scall/evaluation`'s `perUser` gives them. */
export interface PerUserValues {
  /** Evaluated user ids. */
  readonly users: Int32Array;
  /** Relevant items per evaluated user; users with 0 get no quality. */
  readonly relevant: Int32Array;
  /** metric -> K -> value per evaluated user. */
  readonly metrics: { readonly [metric: string]: { readonly [k: number]: ArrayLike<number> } };
}

/** Quality per user and per item; `NaN` where the evaluation says nothing about the entity. */
export interface EntityQuality {
  readonly users: Float64Array;
  readonly items: Float64Array;
}

/**
 * CIESS's per-entity quality: a user's quality is the mean of its Recall@K and NDCG@K
 * over `ks` (5, 10, 20 in CIESS); an item's quality is the mean quality of the
 * evaluated users that have it among their rows of the evaluated split.
 */
export function entityQuality(perUser: PerUserValues, split: Interactions, numUsers: number, numItems: number, ks: readonly number[]): EntityQuality {
  const users = new Float64Array(numUsers).fill(Number.NaN);
  for (let s = 0; s < perUser.users.length; s++) {
    const u = perUser.users[s];
    if (u < 0 || u >= numUsers || perUser.relevant[s] <= 0) continue;
    let sum = 0;
    for (const metric of ['recall', 'ndcg']) {
      for (const k of ks) {
        const values = perUser.metrics[metric]?.[k];
        if (!values) throw new Error(`entityQuality: the evaluation has no ${metric}@${k}`);
        sum += values[s];
      }
    }
    users[u] = sum / (2 * ks.length);
  }
  const sums = new Float64Array(numItems);
  const counts = new Int32Array(numItems);
  const seen = new Set<number>();
  for (let r = 0; r < split.length; r++) {
    const u = split.users[r];
    const i = split.items[r];
    if (u < 0 || u >= numUsers || i < 0 || i >= numItems || Number.isNaN(users[u])) continue;
    const key = u * numItems + i;
    if (seen.has(key)) continue;
    seen.add(key);
    sums[i] += users[u];
    counts[i] += 1;
  }
  const items = new Float64Array(numItems).fill(Number.NaN);
  for (let i = 0; i < numItems; i++) if (counts[i] > 0) items[i] = sums[i] / counts[i];
  return { users, items };
}

/**
 * Quality relative to a reference (CIESS: the full-size model), capped to [0, cap]:
 * `q / ref`; an entity the reference scores 0 gets `cap` when `q > 0`, else 1. `NaN`
 * stays `NaN`.
 */
export function qualityRatio(quality: Float64Array, reference: Float64Array, cap: number): Float64Array {
  const out = new Float64Array(quality.length);
  for (let e = 0; e < quality.length; e++) {
    const q = quality[e];
    const ref = reference[e];
    if (Number.isNaN(q) || Number.isNaN(ref)) out[e] = Number.NaN;
    else if (ref > 0) out[e] = Math.min(cap, Math.max(0, q / ref));
    else out[e] = q > 0 ? cap : 1;
  }
  return out;
}
