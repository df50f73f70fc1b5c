import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { initTf, loadOptionalBackend } from '../src/index.js';

describe('initTf', () => {
  it('falls back past a tfjs-node that cannot load, reporting only a different backend', async () => {
    const failing = (specifier: string) => {
      if (specifier === '@tensorflow/tfjs-node') throw new Error('native addon module (tfjs_binding.node) can not be found');
      return createRequire(import.meta.url)(specifier);
    };
    const runtime = await initTf({ backends: ['tensorflow', 'cpu'], load: failing });
    expect(runtime.backend).toBe('cpu');
    expect(runtime.skipped[0]).toEqual({ backend: 'tensorflow', reason: expect.stringContaining('tfjs_binding.node') });
    const y = runtime.tf.add(runtime.tf.tensor1d([1, 2]), runtime.tf.tensor1d([3, 4]));
    expect(Array.from(await y.data())).toEqual([4, 6]);
  });

  it('selects wasm when asked and computes the same result as cpu', async () => {
    const cpu = await initTf({ backends: ['cpu'] });
    const a = cpu.tf.tensor2d([[1, 2], [3, 4]]);
    const expected = Array.from(cpu.tf.matMul(a, a).dataSync());
    const wasm = await initTf({ backends: ['wasm'] });
    expect(wasm.backend).toBe('wasm');
    const b = wasm.tf.tensor2d([[1, 2], [3, 4]]);
    expect(Array.from(wasm.tf.matMul(b, b).dataSync())).toEqual(expected);
  });

  it('uses whatever the default order finds here and names it', async () => {
    const runtime = await initTf();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(runtime.backend);
    // tfjs-node cannot install offline; when it is absent the reason is recorded.
    for (const s of runtime.skipped) expect(s.reason.length).toBeGreaterThan(0);
  });

  it('looks tfjs-node up at run time and says how to install it when it is absent', () => {
    // Not a dependency: a default install never runs its failing download.
    const manifest = createRequire(import.meta.url)('../package.json') as { dependencies?: object; optionalDependencies?: object };
    expect(Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })).not.toContain('@tensorflow/tfjs-node');
    expect(() => loadOptionalBackend('@scall/no-such-backend')).toThrow(/@scall\/no-such-backend is not installed \(install it where its binary can be fetched: npm install @scall\/no-such-backend@4\.22\.0\)/);
    expect(loadOptionalBackend('@tensorflow/tfjs-backend-wasm')).toBeDefined();
  });
});
