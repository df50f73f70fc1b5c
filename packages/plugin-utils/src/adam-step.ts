/** Adam's hyper-parameters and the step they are applied at. */
export interface AdamStep {
  /** Learning rate of this step. */
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** The step number t, from 1 (bias correction uses it). */
  readonly step: number;
}

/** What the gradient becomes before the moments in {@link adamUpdate}: `g * scale + weightDecay * p`. */
export interface GradientTransform {
  /** Factor on the gradient (global-norm clipping); 1 for none. */
  readonly scale: number;
  /** L2 penalty on the parameter (PyTorch `Adam(weight_decay=...)`); 0 for none. */
  readonly weightDecay: number;
}

/**
 * One Adam update in place (PyTorch's `Adam.step()`: bias-corrected moments, epsilon
 * added after the square root): `m = b1 m + (1 - b1) g`, `v = b2 v + (1 - b2) g²`,
 * `p -= lr / (1 - b1^t) · m / (sqrt(v) / sqrt(1 - b2^t) + eps)`, with `g` first passed
 * through `transform` when one is given. One fused loop over plain arrays, so the
 * moments snapshot and restore exactly. The project's one Adam: the agents' optimisers
 * (`@scall/agent-kit`), the ragged embedding tables and, through {@link adamUpdateAt},
 * the sparse ones use it.
 *
 * @example
 * const p = Float32Array.of(1), m = new Float32Array(1), v = new Float32Array(1);
 * adamUpdate(p, [0.5], m, v, { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 1 });
 * // p[0] ≈ 0.9: the first step moves by the learning rate
 */
export function adamUpdate(values: Float32Array, gradient: ArrayLike<number>, m: Float32Array, v: Float32Array, adam: AdamStep, transform?: GradientTransform): void {
  checkLengths('adamUpdate', values, gradient, m, v);
  const { beta1, beta2, epsilon } = adam;
  const { stepSize, sqrtBc2 } = biasCorrection(adam);
  if (transform) transformedStep(values, gradient, m, v, transform.scale, transform.weightDecay, beta1, beta2, stepSize, sqrtBc2, epsilon);
  else plainStep(values, gradient, m, v, beta1, beta2, stepSize, sqrtBc2, epsilon, undefined);
}

/**
 * {@link adamUpdate} (no transform) at the positions in `entries` only: lazy Adam, as
 * PyTorch's `SparseAdam` — other positions keep their value and moments, while the step
 * counter and so the bias correction stay global. `values`, `gradient` and the moments
 * are full length.
 *
 * @example
 * adamUpdateAt(Int32Array.of(0, 2), p, gradient, m, v, { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 3 });
 */
export function adamUpdateAt(entries: ArrayLike<number>, values: Float32Array, gradient: ArrayLike<number>, m: Float32Array, v: Float32Array, adam: AdamStep): void {
  checkLengths('adamUpdateAt', values, gradient, m, v);
  const { stepSize, sqrtBc2 } = biasCorrection(adam);
  plainStep(values, gradient, m, v, adam.beta1, adam.beta2, stepSize, sqrtBc2, adam.epsilon, entries);
}

function checkLengths(name: string, values: Float32Array, gradient: ArrayLike<number>, m: Float32Array, v: Float32Array): void {
  const n = values.length;
  if (gradient.length !== n || m.length !== n || v.length !== n) {
    throw new RangeError(`${name}: expected ${n} gradients and moments (got ${gradient.length}, ${m.length}, ${v.length})`);
  }
}

/** PyTorch's bias correction folded into the step size and the second moment's divisor. */
function biasCorrection(adam: AdamStep): { stepSize: number; sqrtBc2: number } {
  return { stepSize: adam.learningRate / (1 - adam.beta1 ** adam.step), sqrtBc2: Math.sqrt(1 - adam.beta2 ** adam.step) };
}

// Two loops rather than one with `g * 1 + 0 * p`: each keeps its callers' arithmetic
// exactly (signed zeros included), and V8 optimises each on its own.
function plainStep(
  p: Float32Array,
  g: ArrayLike<number>,
  m: Float32Array,
  v: Float32Array,
  beta1: number,
  beta2: number,
  stepSize: number,
  sqrtBc2: number,
  epsilon: number,
  entries: ArrayLike<number> | undefined,
): void {
  // One loop for the dense and the lazy update: the loop-invariant test of `entries` costs
  // nothing measurable next to the square root and the division.
  const count = entries ? entries.length : p.length;
  for (let k = 0; k < count; k++) {
    const j = entries ? entries[k] : k;
    const gj = g[j];
    const mj = beta1 * m[j] + (1 - beta1) * gj;
    const vj = beta2 * v[j] + (1 - beta2) * gj * gj;
    m[j] = mj;
    v[j] = vj;
    p[j] -= (stepSize * mj) / (Math.sqrt(vj) / sqrtBc2 + epsilon);
  }
}

function transformedStep(
  p: Float32Array,
  g: ArrayLike<number>,
  m: Float32Array,
  v: Float32Array,
  scale: number,
  weightDecay: number,
  beta1: number,
  beta2: number,
  stepSize: number,
  sqrtBc2: number,
  epsilon: number,
): void {
  for (let j = 0; j < p.length; j++) {
    const gj = g[j] * scale + weightDecay * p[j];
    const mj = beta1 * m[j] + (1 - beta1) * gj;
    const vj = beta2 * v[j] + (1 - beta2) * gj * gj;
    m[j] = mj;
    v[j] = vj;
    p[j] -= (stepSize * mj) / (Math.sqrt(vj) / sqrtBc2 + epsilon);
  }
}
