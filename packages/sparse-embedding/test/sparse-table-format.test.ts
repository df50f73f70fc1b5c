import { sparseRowsFrom } from '@scall/spec';
import { describe, expect, it } from 'vitest';
import { SparseEmbeddingTable, decodeSparseTable, encodeSparseTable } from '../src/index.js';

describe('sparse table binary format', () => {
  const table = new SparseEmbeddingTable(128, sparseRowsFrom(128, [[0, 9, 127], [], [64]]), Float32Array.of(0.5, -1, 2, 3.25));

  it('round-trips and writes nothing MAX-wide', () => {
    const bytes = encodeSparseTable(table);
    expect(bytes.length).toBe(28 + 4 * 3 + 5 * 4 + 4);
    const back = decodeSparseTable(bytes);
    expect(Array.from(back.counts)).toEqual([3, 0, 1]);
    expect(Array.from(back.indices)).toEqual([0, 9, 127, 64]);
    expect(Array.from(back.values)).toEqual([0.5, -1, 2, 3.25]);
    expect(Array.from(back.denseRow(2)).filter((v) => v !== 0)).toEqual([3.25]);
  });

  it('detects corruption and truncation', () => {
    const bytes = encodeSparseTable(table);
    const flipped = bytes.slice();
    flipped[40] ^= 1;
    expect(() => decodeSparseTable(flipped)).toThrow(/checksum/);
    expect(() => decodeSparseTable(bytes.subarray(0, bytes.length - 1))).toThrow(/bytes, expected/);
    const wrong = bytes.slice();
    wrong[0] = 0x41;
    expect(() => decodeSparseTable(wrong)).toThrow(/magic/);
  });
});
