import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot, readSnapshotFile, sizeByRank, writeSnapshotFile } from '../src/index.js';

describe('snapshot files', () => {
  it('round-trip meta and every array type exactly', async () => {
    const snapshot = {
      kind: 'test',
      meta: { a: 1, nested: { b: [1, 2, 'x'] }, nil: null },
      arrays: {
        f32: Float32Array.from([1.5, -2.25, Math.PI]),
        f64: Float64Array.from([Math.E, 1e-300]),
        i32: Int32Array.from([-1, 2, 3]),
        u8: Uint8Array.from([255, 0, 7]),
        empty: new Float32Array(0),
      },
    };
    const dir = await mkdtemp(join(tmpdir(), 'scall-snap-'));
    try {
      const path = join(dir, 'x.snap');
      await writeSnapshotFile(path, snapshot);
      const back = await readSnapshotFile(path);
      expect(back.kind).toBe('test');
      expect(back.meta).toEqual(snapshot.meta);
      for (const [name, array] of Object.entries(snapshot.arrays)) {
        expect(back.arrays[name]).toBeInstanceOf(array.constructor);
        expect(Array.from(back.arrays[name])).toEqual(Array.from(array));
      }
      await writeFile(join(dir, 'bad.snap'), 'not a snapshot');
      await expect(readSnapshotFile(join(dir, 'bad.snap'))).rejects.toThrow(/bad\.snap: not a SCALL file \(bad magic/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('detects truncated files', () => {
    const bytes = encodeSnapshot({ kind: 'k', meta: {}, arrays: { x: new Float64Array(10) } });
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 16), 'cut.snap')).toThrow(/cut\.snap: truncated/);
    const flipped = bytes.slice();
    flipped[bytes.length - 3] ^= 4;
    expect(() => decodeSnapshot(flipped, 'flip.snap')).toThrow(/flip\.snap: payload checksum mismatch/);
    expect(() => decodeSnapshot(new TextEncoder().encode('SCALLSNP1\n...'), 'old.snap')).toThrow(/old\.snap: a snapshot of the older format v1/);
  });
});

describe('sizeByRank', () => {
  it('orders entities by frequency (ties by id) and keeps both ends', () => {
    const sizes = Int32Array.from([4, 8, 2, 6]);
    const freq = [1, 5, 1, 3];
    const curve = sizeByRank(sizes, freq, 10);
    expect(curve.rank).toEqual([0, 1, 2, 3]);
    expect(curve.size).toEqual([8, 6, 4, 2]);
    expect(curve.frequency).toEqual([5, 3, 1, 1]);
    const big = sizeByRank(new Int32Array(10_000).fill(1), new Float64Array(10_000), 50);
    expect(big.rank.length).toBeLessThanOrEqual(52);
    expect(big.rank[0]).toBe(0);
    expect(big.rank.at(-1)).toBe(9_999);
  });
});
