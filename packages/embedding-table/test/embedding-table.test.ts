import { createRng } from '@scall/rng';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EmbeddingTable,
  RaggedAdam,
  crc32,
  createEmbeddingTable,
  decodeEmbeddingTable,
  encodeEmbeddingTable,
  raggedOffsets,
  warmStartTable,
} from '../src/index.js';

describe('EmbeddingTable', () => {
  it('stores exactly size(e) floats per entity and reports 4 x sum of sizes', () => {
    const sizes = Int32Array.of(3, 1, 0, 5);
    const table = createEmbeddingTable(sizes, createRng(1));
    expect(table.values.length).toBe(9);
    expect(table.bytes()).toBe(36);
    expect(table.indexBytes()).toBe(4 * 4 + 8 * 5);
    expect(Array.from(table.offsets)).toEqual([0, 3, 4, 4, 9]);
    expect(table.row(3).length).toBe(5);
    expect(() => table.row(4)).toThrow(/entity 4 is outside \[0, 4\)/);
    expect(() => raggedOffsets(Int32Array.of(2, -1))).toThrow(/Entity 1 has size -1/);
  });

  it('initialises N(0, 0.01) deterministically from the seed', () => {
    const sizes = new Int32Array(2000).fill(16);
    const a = createEmbeddingTable(sizes, createRng(5));
    const b = createEmbeddingTable(sizes, createRng(5));
    expect(b.values).toEqual(a.values);
    const n = a.values.length;
    const mean = a.values.reduce((s, v) => s + v, 0) / n;
    const std = Math.sqrt(a.values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(std).toBeGreaterThan(0.0095);
    expect(std).toBeLessThan(0.0105);
  });

  it('warm-starts: common prefix kept exactly, grown dims seeded, shrunk tail dropped, new entities drawn', () => {
    const previous = createEmbeddingTable(Int32Array.of(4, 2, 3), createRng(2));
    const sizes = Int32Array.of(2, 5, 3, 4);
    const next = warmStartTable(previous, sizes, createRng(3));
    expect(next.row(0)).toEqual(previous.row(0).subarray(0, 2));
    expect(next.row(1).subarray(0, 2)).toEqual(previous.row(1));
    expect(next.row(2)).toEqual(previous.row(2));
    expect(Array.from(next.row(1).subarray(2)).every((v) => v !== 0 && Math.abs(v) < 0.1)).toBe(true);
    expect(Array.from(next.row(3)).every((v) => v !== 0)).toBe(true);
    expect(warmStartTable(previous, sizes, createRng(3)).values).toEqual(next.values);
    const zero = warmStartTable(previous, sizes, createRng(3), { grown: 'zero' });
    expect(Array.from(zero.row(1).subarray(2))).toEqual([0, 0, 0]);
    expect(() => warmStartTable(previous, sizes, createRng(3), { grown: 'ones' as 'zero' })).toThrow(/option "grown"/);
  });

  it('exports and imports bit-exactly, ids and meta included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 30 }), fc.integer(), (sizeList, seed) => {
        const table = createEmbeddingTable(Int32Array.from(sizeList), createRng(seed));
        const ids = sizeList.map((_, e) => `u${e}`);
        const bytes = encodeEmbeddingTable(table, { ids, meta: { kind: 'users' } });
        expect((bytes.length - 12 - new DataView(bytes.buffer).getUint32(8, true)) % 4).toBe(0);
        const { table: back, header } = decodeEmbeddingTable(bytes);
        expect(back.sizes).toEqual(table.sizes);
        expect(back.values).toEqual(table.values);
        expect(header.ids).toEqual(ids);
        expect(header.meta).toEqual({ kind: 'users' });
      }),
      { numRuns: 50 },
    );
  });

  it('warm start then export then import round-trips exactly', () => {
    const previous = createEmbeddingTable(Int32Array.of(8, 8, 8), createRng(9));
    const next = warmStartTable(previous, Int32Array.of(4, 12, 8, 1), createRng(10));
    const { table } = decodeEmbeddingTable(encodeEmbeddingTable(next));
    expect(table.values).toEqual(next.values);
    expect(table.row(2)).toEqual(previous.row(2));
  });

  it('rejects corrupted files with an error naming the problem', () => {
    const bytes = encodeEmbeddingTable(createEmbeddingTable(Int32Array.of(3, 3), createRng(1)));
    const flipped = bytes.slice();
    flipped[flipped.length - 1] ^= 1;
    expect(() => decodeEmbeddingTable(flipped, 'items.semb')).toThrow(/items\.semb: checksum mismatch/);
    expect(() => decodeEmbeddingTable(bytes.slice(0, bytes.length - 4), 'x')).toThrow(/expected 24 value bytes after the header, found 20/);
    const badMagic = bytes.slice();
    badMagic[0] = 88;
    expect(() => decodeEmbeddingTable(badMagic)).toThrow(/bad magic/);
  });

  it('computes the standard CRC-32 check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('RaggedAdam', () => {
  it('keeps one moment per stored parameter and matches a hand-computed Adam step', () => {
    const table = new EmbeddingTable(Int32Array.of(2, 1), Float32Array.of(1, -1, 0.5));
    const adam = new RaggedAdam(table.parameters);
    expect(adam.bytes()).toBe(2 * 4 * 3);
    adam.apply(table.values, Float32Array.of(0.2, -0.4, 0), 0.1);
    // Step 1: mhat = g, vhat = g^2, so each value moves by lr * g / (|g| + eps).
    expect(table.values[0]).toBeCloseTo(1 - 0.1, 6);
    expect(table.values[1]).toBeCloseTo(-1 + 0.1, 6);
    expect(table.values[2]).toBe(0.5);
    adam.apply(table.values, Float32Array.of(0.2, 0, 0), 0.1);
    // Step 2 for value 0: m = 0.9*0.02 + 0.02 = 0.038, v = 0.999*4e-5 + 4e-5; mhat = m/0.19, vhat = v/(1-0.999^2).
    const mhat = 0.038 / (1 - 0.81);
    const vhat = (0.999 * 4e-5 + 0.001 * 0.04) / (1 - 0.999 ** 2);
    expect(table.values[0]).toBeCloseTo(0.9 - (0.1 * mhat) / (Math.sqrt(vhat) + 1e-8), 5);
    expect(() => adam.apply(table.values, new Float32Array(2), 0.1)).toThrow(/expected 3 values/);
  });
});
