import type { CandidateSet, EvaluatedUsers, EvaluationSplit, Interactions, StreamSegment } from '@scall/spec';

/**
 * Everything `evaluate` needs about one (segment, split, candidate set), independent
 * of the model: built once and cached per segment object.
 */
export interface EvaluationPlan {
  /** Evaluated users (distinct users of the split), ascending. */
  readonly users: Int32Array;
  /** Candidate item ids, ascending. */
  readonly candidates: Int32Array;
  /** Item id -> candidate column, -1 when the item is not a candidate. */
  readonly column: Int32Array;
  /** CSR over `users`: relevant candidate columns of user slot s are `relevant[relevantStart[s]..relevantStart[s+1])`. */
  readonly relevantStart: Int32Array;
  readonly relevant: Int32Array;
  /** CSR over `users`: masked (training-graph) candidate columns. */
  readonly maskedStart: Int32Array;
  readonly masked: Int32Array;
  /** Whether a user can be scored (a known id). Users that cannot score 0. */
  readonly scorable: Uint8Array;
}

const cache = new WeakMap<StreamSegment, Map<string, EvaluationPlan>>();

/** The raw (unrestricted) rows of a split, or a clear error naming what asked for them. */
export function rawSplitOf(segment: StreamSegment, split: EvaluationSplit, why: string): Interactions {
  const raw = split === 'test' ? segment.rawTest : segment.rawValidation;
  if (raw === undefined) {
    throw new Error(
      `segment ${segment.index} does not carry its raw ${split} rows (StreamSegment.${split === 'test' ? 'rawTest' : 'rawValidation'}), which ${why} needs; build the stream with @scall/stream-protocol or use candidates 'catalogue' / users 'known-pairs'`,
    );
  }
  return raw;
}

/**
 * The interactions of a split of a segment (`'test'` or `'validation'`), or an error
 * naming the segment when it lacks that split: what `evaluate` measures, and what a
 * training loop checks before selecting checkpoints on it.
 *
 * @example
 * const rows = splitOf(segment, 'validation'); // throws when the stream has no validation slice
 * console.log(rows.length);
 */
export function splitOf(segment: StreamSegment, split: EvaluationSplit): Interactions {
  if (split === 'test') return segment.test;
  if (split === 'validation') {
    // An empty slice (every row of an unknown entity) is evaluated with 0 users; a missing one is an error.
    if (!segment.validation) {
      throw new Error(
        `segment ${segment.index} has no validation split (split = 'validation' was asked for); build the stream with a validation slice or use 'test'`,
      );
    }
    return segment.validation;
  }
  throw new RangeError(`split must be 'test' or 'validation', got ${JSON.stringify(split)}`);
}

/**
 * Builds (or returns the cached) evaluation plan. Rules:
 * - known items: ids in `[0, numItems)` occurring in the training graph (the split's own
 *   rows, if the graph holds them, do not count);
 * - relevant items of a user: the distinct known items of the user's rows in the split;
 * - users: `'known-pairs'` = the users of the split's known (user, item) pairs;
 *   `'all-known'` = the known users of all its raw rows (zero-relevance users count);
 * - candidates: `'test-items'` = the known items of the split's known pairs;
 *   `'reference'` = the known items of all its raw rows; `'catalogue'` = every known item;
 * - masked: the user's training-graph items (except the split's own rows).
 */
export function evaluationPlan(segment: StreamSegment, split: EvaluationSplit, candidates: CandidateSet, users: EvaluatedUsers = 'known-pairs'): EvaluationPlan {
  if (candidates !== 'test-items' && candidates !== 'catalogue' && candidates !== 'reference') {
    throw new RangeError(`candidates must be 'reference', 'test-items' or 'catalogue', got ${JSON.stringify(candidates)}`);
  }
  if (users !== 'known-pairs' && users !== 'all-known') {
    throw new RangeError(`users must be 'all-known' or 'known-pairs', got ${JSON.stringify(users)}`);
  }
  const part = splitOf(segment, split);
  const key = `${split}/${candidates}/${users}`;
  let perSegment = cache.get(segment);
  const hit = perSegment?.get(key);
  if (hit) return hit;
  const raw =
    candidates === 'reference' || users === 'all-known'
      ? rawSplitOf(segment, split, candidates === 'reference' ? "candidates 'reference'" : "users 'all-known'")
      : undefined;
  const plan = buildPlan(segment, part, raw, candidates, users);
  if (!perSegment) cache.set(segment, (perSegment = new Map()));
  perSegment.set(key, plan);
  return plan;
}

function buildPlan(segment: StreamSegment, part: Interactions, raw: Interactions | undefined, candidateSet: CandidateSet, userRule: EvaluatedUsers): EvaluationPlan {
  const { numUsers, numItems, graph } = segment;
  // Rows of the split itself never mask (relevant only if the graph also holds them).
  const partRows = new Map<number, number[]>();
  const pairKey = (u: number, i: number) => u * 4294967296 + (i >>> 0);
  for (let r = 0; r < part.length; r++) {
    const k = pairKey(part.users[r], part.items[r]);
    const list = partRows.get(k);
    if (list) list.push(part.timestamps[r]);
    else partRows.set(k, [part.timestamps[r]]);
  }
  const known = new Uint8Array(numItems);
  const maskedPerUser = new Map<number, number[]>();
  for (let r = 0; r < graph.length; r++) {
    const u = graph.users[r];
    const i = graph.items[r];
    const times = partRows.get(pairKey(u, i));
    if (times) {
      const at = times.indexOf(graph.timestamps[r]);
      if (at >= 0) {
        times.splice(at, 1);
        continue;
      }
    }
    if (i < 0 || i >= numItems) continue;
    known[i] = 1;
    const list = maskedPerUser.get(u);
    if (list) list.push(i);
    else maskedPerUser.set(u, [i]);
  }

  // Evaluated users and their relevant known items.
  const relevantItems = new Map<number, Set<number>>();
  if (userRule === 'all-known' && raw) {
    for (let r = 0; r < raw.length; r++) {
      const u = raw.users[r];
      if (u >= 0 && u < numUsers && !relevantItems.has(u)) relevantItems.set(u, new Set());
    }
  }
  for (let r = 0; r < part.length; r++) {
    const u = part.users[r];
    let set = relevantItems.get(u);
    if (!set) relevantItems.set(u, (set = new Set()));
    const i = part.items[r];
    if (i >= 0 && i < numItems && known[i] === 1) set.add(i);
  }
  const users = Int32Array.from(relevantItems.keys()).sort();

  const inCandidates = new Uint8Array(numItems);
  if (candidateSet === 'catalogue') inCandidates.set(known);
  else if (candidateSet === 'reference' && raw) {
    for (let r = 0; r < raw.length; r++) {
      const i = raw.items[r];
      if (i >= 0 && i < numItems && known[i] === 1) inCandidates[i] = 1;
    }
  } else for (const set of relevantItems.values()) for (const i of set) inCandidates[i] = 1;
  const column = new Int32Array(numItems).fill(-1);
  const candidateList: number[] = [];
  for (let i = 0; i < numItems; i++) {
    if (inCandidates[i] === 1) {
      column[i] = candidateList.length;
      candidateList.push(i);
    }
  }

  const relevantStart = new Int32Array(users.length + 1);
  const maskedStart = new Int32Array(users.length + 1);
  const relevant: number[] = [];
  const masked: number[] = [];
  const scorable = new Uint8Array(users.length);
  for (let s = 0; s < users.length; s++) {
    const u = users[s];
    scorable[s] = u >= 0 && u < numUsers ? 1 : 0;
    if (scorable[s]) {
      for (const i of [...relevantItems.get(u)!].sort((a, b) => a - b)) relevant.push(column[i]);
      const seen = new Set<number>();
      for (const i of maskedPerUser.get(u) ?? []) {
        const c = column[i];
        if (c >= 0 && !seen.has(c)) {
          seen.add(c);
          masked.push(c);
        }
      }
    }
    relevantStart[s + 1] = relevant.length;
    maskedStart[s + 1] = masked.length;
  }
  return {
    users,
    candidates: Int32Array.from(candidateList),
    column,
    relevantStart,
    relevant: Int32Array.from(relevant),
    maskedStart,
    masked: Int32Array.from(masked),
    scorable,
  };
}
