import * as protocol from '@scall/stream-protocol';
import { describe, expect, it } from 'vitest';
import { buildStream, CsrTripleSampler, DatasetError, datasetPreset, loadStream } from '../src/index.js';

describe('the stream protocol names kept here (deprecated) are those of @scall/stream-protocol', () => {
  it('re-exports the very same function, class and error', () => {
    expect(buildStream).toBe(protocol.buildStream);
    expect(CsrTripleSampler).toBe(protocol.CsrTripleSampler);
    expect(DatasetError).toBe(protocol.DatasetError);
  });

  it("the readers' and the protocol's errors are one class", async () => {
    const error = await loadStream({ ...datasetPreset('synthetic-small'), testRatio: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(protocol.DatasetError);
    expect((error as Error).message).toMatch(/option "testRatio"/);
    expect(() => datasetPreset('nope' as never)).toThrow(protocol.DatasetError);
  });
});
