import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { StreamDataset } from '@scall/stream-protocol';

/**
 * Checks `stream` against an independent, naive derivation of the SCALL stream protocol
 * from a tab-separated u.data file: parse, iterative k-core, stable time sort (ties in
 * file order), cut after `threshold` new users + items, 80/20 split with 20% replay.
 */
export function expectNaiveProtocol(stream: StreamDataset, path: string, threshold: number, kCore = 10): void {
  // Naive re-implementation: parse, iterative k-core, stable time sort (ties: file order), cut.
  let rows = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line, index) => {
      const [u, i, , t] = line.split('\t');
      return { u, i, t: Number(t), index };
    });
  for (;;) {
    const du = new Map<string, number>();
    const di = new Map<string, number>();
    for (const r of rows) {
      du.set(r.u, (du.get(r.u) ?? 0) + 1);
      di.set(r.i, (di.get(r.i) ?? 0) + 1);
    }
    const kept = rows.filter((r) => du.get(r.u)! >= kCore && di.get(r.i)! >= kCore);
    if (kept.length === rows.length) break;
    rows = kept;
  }
  rows.sort((a, b) => a.t - b.t || a.index - b.index);
  const cuts = [0];
  const seenU = new Set<string>();
  const seenI = new Set<string>();
  let fresh = 0;
  rows.forEach((r, k) => {
    if (!seenU.has(r.u)) (seenU.add(r.u), fresh++);
    if (!seenI.has(r.i)) (seenI.add(r.i), fresh++);
    if (fresh > threshold && k + 1 < rows.length) (cuts.push(k + 1), (fresh = 0));
  });
  cuts.push(rows.length);

  expect(stream.interactions.length).toBe(rows.length);
  expect(stream.totalUsers).toBe(seenU.size);
  expect(stream.totalItems).toBe(seenI.size);
  expect(stream.numSegments).toBe(cuts.length - 1);
  let totalRows = 0;
  for (let t = 0; t < stream.numSegments; t++) {
    const start = cuts[t];
    const end = cuts[t + 1];
    const own = end - start;
    const trainOwn = Math.floor(own * 0.8);
    const knownU = new Set(rows.slice(0, start + trainOwn).map((r) => r.u));
    const knownI = new Set(rows.slice(0, start + trainOwn).map((r) => r.i));
    const before = new Set(rows.slice(0, start).map((r) => r.u));
    const beforeI = new Set(rows.slice(0, start).map((r) => r.i));
    const segmentUsers = new Set(rows.slice(start, end).map((r) => r.u));
    const replayable = rows.slice(0, start).filter((r) => segmentUsers.has(r.u)).length;
    const test = rows.slice(start + trainOwn, end).filter((r) => knownU.has(r.u) && knownI.has(r.i));
    const stats = stream.segment(t).stats;
    expect(stats).toMatchObject({
      index: t,
      users: knownU.size,
      items: knownI.size,
      newUsers: knownU.size - before.size,
      newItems: knownI.size - beforeI.size,
      rows: own,
      replayedRows: t === 0 ? 0 : Math.min(Math.floor(0.2 * own), replayable),
      testRows: test.length,
      testUsers: new Set(test.map((r) => r.u)).size,
      startTime: rows[start].t,
      endTime: rows[end - 1].t,
    });
    expect(stats.trainRows).toBe(stats.replayedRows + trainOwn);
    totalRows += own;
  }
  expect(totalRows).toBe(rows.length);
}
