import { createRng } from '@scall/rng';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EmbeddingTable,
  RaggedAdam,
  crc32,
  crc32Hex,
  decodeFrame,
  encodeFrame,
  FrameError,
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
        expect((32 + new DataView(bytes.buffer).getUint32(8, true)) % 8).toBe(0);
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
    expect(() => decodeEmbeddingTable(flipped, 'items.semb')).toThrow(/items\.semb: payload checksum mismatch/);
    expect(() => decodeEmbeddingTable(bytes.slice(0, bytes.length - 4), 'x')).toThrow(/x: truncated: \d+ bytes, the prelude records \d+/);
    const badMagic = bytes.slice();
    badMagic[0] = 88;
    expect(() => decodeEmbeddingTable(badMagic)).toThrow(/bad magic/);
  });

  it('detects a flip of any single byte, anywhere in the file', () => {
    const bytes = encodeEmbeddingTable(createEmbeddingTable(Int32Array.of(2, 0, 3), createRng(4)), { ids: ['a', 'b', 'c'], meta: { kind: 'items' } });
    let refused = 0;
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i] ^= 0x10;
      try {
        decodeEmbeddingTable(damaged, 'items.semb');
      } catch (error) {
        expect(error).toBeInstanceOf(FrameError);
        expect((error as FrameError).source).toBe('items.semb');
        refused++;
      }
    }
    expect(refused).toBe(bytes.length);
    // Trailing bytes and a frame of another content format are refused too.
    expect(() => decodeEmbeddingTable(Uint8Array.from([...bytes, 0]), 't')).toThrow(/unexpected bytes after the recorded end/);
    expect(() => decodeEmbeddingTable(encodeFrame({ format: 'other/v1' }, new Uint8Array(0)), 't')).toThrow(/holds "other\/v1", expected "scall-embedding-table\/v2"/);
  });

  it('still reads v1 tables (magic SCALLEMB, values checksummed)', () => {
    const values = Float32Array.of(1.5, -2, 0.25);
    const payload = new Uint8Array(values.buffer);
    const header = JSON.stringify({ format: 'scall-embedding-table/v1', dtype: 'float32', ids: [7, 9], sizes: [1, 2], total: 3, checksum: crc32Hex(payload) });
    const json = new TextEncoder().encode(header);
    const bytes = new Uint8Array(12 + json.length + payload.length);
    bytes.set(new TextEncoder().encode('SCALLEMB'));
    new DataView(bytes.buffer).setUint32(8, json.length, true);
    bytes.set(json, 12);
    bytes.set(payload, 12 + json.length);
    const { table, header: back } = decodeEmbeddingTable(bytes);
    expect(back.format).toBe('scall-embedding-table/v1');
    expect(Array.from(table.values)).toEqual([1.5, -2, 0.25]);
    const damaged = bytes.slice();
    damaged[damaged.length - 1] ^= 1;
    expect(() => decodeEmbeddingTable(damaged, 'old.semb')).toThrow(/old\.semb: checksum mismatch/);
  });

  it('computes the standard CRC-32 check value, also continued over pieces', () => {
    const text = new TextEncoder().encode('123456789');
    expect(crc32(text)).toBe(0xcbf43926);
    expect(crc32(text.subarray(4), crc32(text.subarray(0, 4)))).toBe(0xcbf43926);
    expect(crc32Hex(new Uint8Array(0))).toBe('00000000');
  });

  it('frames any header and payload and round-trips them', () => {
    const payload = Uint8Array.from({ length: 13 }, (_, i) => i * 7);
    const bytes = encodeFrame({ format: 'test/v1', n: 13 } as { format: string }, payload);
    expect((32 + new DataView(bytes.buffer).getUint32(8, true)) % 8).toBe(0);
    expect(bytes.length).toBe(32 + new DataView(bytes.buffer).getUint32(8, true) + 13);
    const { header, payload: back } = decodeFrame(bytes, 'f.bin', ['test/v0', 'test/v1']);
    expect(header).toEqual({ format: 'test/v1', n: 13 });
    expect(Array.from(back)).toEqual(Array.from(payload));
    expect(() => decodeFrame(bytes.subarray(0, 20), 'f.bin')).toThrow(/f\.bin: only 20 bytes/);
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
