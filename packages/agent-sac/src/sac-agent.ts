import { ActorCriticAgent, Adam, DenseStack, nameParameters, Parameter, ReplayBuffer, transpose } from '@scall/agent-kit';
import type { AgentState, DenseStackLayout, NamedParameter, RestoredAgent, TransitionBatch } from '@scall/agent-kit';
import { createRng, fillNormal } from '@scall/rng';
import type { AgentSpecV1, AgentUpdateReport, AgentV1, Rng, Transition } from '@scall/spec';
import * as tf from '@tensorflow/tfjs-core';
import { resolveSacOptions } from './sac-options.js';
import type { ResolvedSacOptions, SacOptions } from './sac-options.js';

/** Snapshot `kind` written and accepted by the SAC agent. */
export const SAC_SNAPSHOT_KIND = 'sac';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Soft Actor-Critic (Haarnoja et al. 2018) as SCALL uses it: a tanh-squashed Gaussian
 * actor, twin critics with Polyak-averaged targets, fixed or learned entropy
 * temperature and a recency-weighted replay buffer. Actions are mapped from the tanh
 * range (-1, 1) linearly onto `[actionLow, actionHigh]` (default `[-1, 1]`; SCALL
 * passes `[0, 1]`); the critics see that normalised (-1, 1) form of the action.
 * Create it through {@link createSac}.
 */
export class SacAgent extends ActorCriticAgent implements AgentV1 {
  readonly name = 'sac';
  /** The hyperparameters in use, defaults filled in. */
  readonly options: ResolvedSacOptions & { readonly targetEntropy: number };

  private readonly logScaleSum: number;
  private readonly actorTrunk: DenseStack;
  private readonly meanHead: DenseStack;
  private readonly logStdHead: DenseStack;
  private readonly critic1: DenseStack;
  private readonly critic2: DenseStack;
  private readonly target1: DenseStack;
  private readonly target2: DenseStack;
  private readonly logAlpha: Parameter;
  private readonly actorAdam: Adam;
  private readonly criticAdam: Adam;
  private readonly temperatureAdam: Adam;
  private readonly buffer: ReplayBuffer;
  private policyRng: Rng;
  private updateRng: Rng;
  private updateCount = 0;

  constructor(spec: AgentSpecV1, options: SacOptions = {}) {
    super('SAC', spec);
    const { stateSize, actionSize } = this;
    const resolved = resolveSacOptions(options);
    this.options = Object.freeze({ ...resolved, targetEntropy: resolved.targetEntropy ?? -actionSize });
    let logScaleSum = 0;
    for (let i = 0; i < actionSize; i++) logScaleSum += Math.log(this.halfRange[i]);
    this.logScaleSum = logScaleSum;

    const o = this.options;
    const root = createRng(spec.seed);
    const stateInput = { name: 'state', width: stateSize, needsGradient: false };
    const hiddenInput = { name: 'hidden', width: o.actorHiddenSizes[o.actorHiddenSizes.length - 1], needsGradient: true };
    const head: DenseStackLayout = { inputs: [hiddenInput], widths: [actionSize] };
    const critic: DenseStackLayout = { inputs: [stateInput, { name: 'action', width: actionSize, needsGradient: true }], widths: [...o.criticHiddenSizes, 1] };
    this.actorTrunk = new DenseStack({ inputs: [stateInput], widths: o.actorHiddenSizes, output: 'relu' }, root.fork());
    this.meanHead = new DenseStack(head, root.fork());
    this.logStdHead = new DenseStack(head, root.fork());
    this.critic1 = new DenseStack(critic, root.fork());
    this.critic2 = new DenseStack(critic, root.fork());
    this.target1 = new DenseStack(critic, this.critic1);
    this.target2 = new DenseStack(critic, this.critic2);
    this.logAlpha = new Parameter([], Float32Array.of(Math.log(o.temperature)));
    this.policyRng = root.fork();
    this.updateRng = root.fork();

    const adam = { beta1: o.adamBeta1, beta2: o.adamBeta2, epsilon: o.adamEpsilon };
    this.actorAdam = new Adam(this.actorParameters(), {
      ...adam,
      learningRate: o.actorLearningRate,
      weightDecay: o.actorWeightDecay,
      clipNorm: o.actorGradClipNorm,
    });
    this.criticAdam = new Adam(this.criticParameters(), {
      ...adam,
      learningRate: o.criticLearningRate,
      weightDecay: o.criticWeightDecay,
      clipNorm: o.criticGradClipNorm,
    });
    this.temperatureAdam = new Adam([this.logAlpha], {
      ...adam,
      learningRate: o.temperatureLearningRate,
      weightDecay: 0,
      clipNorm: Number.POSITIVE_INFINITY,
    });
    this.buffer = new ReplayBuffer(stateSize, actionSize, o.replayCapacity, o.replaySampling, 'SAC');
  }

  /** Transitions currently in the replay buffer. */
  get bufferLength(): number {
    return this.buffer.length;
  }

  /** Gradient updates performed so far. */
  get updates(): number {
    return this.updateCount;
  }

  /** The current entropy temperature alpha. */
  get temperature(): number {
    return Math.exp(this.logAlpha.values[0]);
  }

  act(state: Float32Array, options: { explore: boolean }): Float32Array {
    this.assertLive('act');
    checkVector('act: state', state, this.stateSize);
    const A = this.actionSize;
    const [mean, logStd] = tf.tidy(() => {
      const { mean: m, logStd: l } = this.policy(tf.tensor2d(Float32Array.from(state), [this.stateSize, 1]));
      return [m.dataSync() as Float32Array, l.dataSync() as Float32Array];
    });
    const noise = options.explore ? fillNormal(this.policyRng, new Float64Array(A)) : undefined;
    const action = new Float32Array(A);
    for (let i = 0; i < A; i++) {
      const x = noise ? mean[i] + Math.exp(logStd[i]) * noise[i] : mean[i];
      const value = this.actionLow[i] + (Math.tanh(x) + 1) * this.halfRange[i];
      action[i] = Math.min(this.actionHigh[i], Math.max(this.actionLow[i], value));
    }
    return action;
  }

  observe(transition: Transition): void {
    this.assertLive('observe');
    this.buffer.push(transition);
  }

  update(): AgentUpdateReport {
    this.assertLive('update');
    if (this.buffer.length === 0) return { updates: 0 };
    const o = this.options;
    let criticLoss = 0;
    let actorLoss = 0;
    let entropy = 0;
    for (let k = 0; k < o.updatesPerStep; k++) {
      const size = this.buffer.length <= o.smallBufferLimit ? o.smallBatchSize : o.batchSize;
      const batch = this.buffer.sample(size, this.updateRng);
      const nextNoise = fillNormal(this.updateRng, new Float32Array(size * this.actionSize));
      const noise = fillNormal(this.updateRng, new Float32Array(size * this.actionSize));
      const losses = this.gradientStep(batch, nextNoise, noise);
      criticLoss = losses.criticLoss;
      actorLoss = losses.actorLoss;
      entropy = losses.entropy;
      this.updateCount += 1;
    }
    const report: AgentUpdateReport = { updates: o.updatesPerStep, temperature: this.temperature };
    return o.updatesPerStep > 0 ? { ...report, criticLoss, actorLoss, entropy } : report;
  }

  protected override release(): void {
    for (const net of [this.actorTrunk, this.meanHead, this.logStdHead, this.critic1, this.critic2, this.target1, this.target2]) net.dispose();
    this.logAlpha.dispose();
  }

  private actorParameters(): Parameter[] {
    return [...this.actorTrunk.parameters, ...this.meanHead.parameters, ...this.logStdHead.parameters];
  }

  private criticParameters(): Parameter[] {
    return [...this.critic1.parameters, ...this.critic2.parameters];
  }

  /** What a snapshot holds (format `sac/v1`). */
  protected override state(): AgentState {
    return {
      owner: 'SAC',
      kind: SAC_SNAPSHOT_KIND,
      format: 'sac/v1',
      box: this.box,
      options: this.options,
      counters: { updates: this.updateCount },
      adams: { actor: this.actorAdam, critic: this.criticAdam, temperature: this.temperatureAdam },
      parameters: this.namedParameters(),
      replay: this.buffer,
      rngs: { policyRng: this.policyRng, updateRng: this.updateRng },
    };
  }

  protected override adopt({ counters, rngs }: RestoredAgent): void {
    this.updateCount = counters.updates;
    this.policyRng = rngs.policyRng;
    this.updateRng = rngs.updateRng;
  }

  /** Every persistent parameter with its snapshot name and, when trained by Adam, its optimiser. */
  private namedParameters(): NamedParameter[] {
    return [
      ...nameParameters([['actor.trunk', this.actorTrunk], ['actor.mean', this.meanHead], ['actor.logStd', this.logStdHead]], this.actorAdam),
      ...nameParameters([['critic1', this.critic1], ['critic2', this.critic2]], this.criticAdam),
      ...nameParameters([['target1', this.target1], ['target2', this.target2]]),
      ...nameParameters([['temperature', { parameters: [this.logAlpha], parameterNames: ['logAlpha'] }]], this.temperatureAdam),
    ];
  }

  private policy(states: tf.Tensor2D): { mean: tf.Tensor2D; logStd: tf.Tensor2D } {
    const h = this.actorTrunk.apply([states]);
    const mean = this.meanHead.apply([h]);
    const logStd = tf.clipByValue(this.logStdHead.apply([h]), this.options.logStdMin, this.options.logStdMax);
    return { mean, logStd };
  }

  /** Reparameterised sample from `[stateSize, batch]` states: the normalised action tanh(x) in (-1, 1), `[actionSize, batch]`, and its log-probability in action-bound units, `[1, batch]`. */
  private sample(states: tf.Tensor2D, noise: tf.Tensor2D): { squashed: tf.Tensor2D; logProb: tf.Tensor2D } {
    const { mean, logStd } = this.policy(states);
    const x = tf.add(mean, tf.mul(tf.exp(logStd), noise)) as tf.Tensor2D;
    const squashed = tf.tanh(x);
    // log N(x; mean, std) = -eps^2 / 2 - log std - log(2 pi) / 2
    const gaussian = tf.sub(tf.sub(tf.mul(tf.square(noise), tf.scalar(-0.5)), logStd), tf.scalar(HALF_LOG_TWO_PI));
    // log(1 - tanh(x)^2) = 2 (log 2 - x - softplus(-2x)), stable for large |x|
    const logJacobian = tf.mul(tf.sub(tf.sub(tf.scalar(Math.LN2), x), tf.softplus(tf.mul(x, tf.scalar(-2)))), tf.scalar(2));
    const logProb = tf.sub(tf.sum(tf.sub(gaussian, logJacobian), 0, true), tf.scalar(this.logScaleSum)) as tf.Tensor2D;
    return { squashed, logProb };
  }

  private q(net: DenseStack, states: tf.Tensor2D, normalisedActions: tf.Tensor2D): tf.Tensor2D {
    return net.apply([states, normalisedActions]);
  }

  private gradientStep(batch: TransitionBatch, nextNoiseValues: Float32Array, noiseValues: Float32Array): { criticLoss: number; actorLoss: number; entropy: number } {
    const o = this.options;
    const B = batch.size;
    const S = this.stateSize;
    const A = this.actionSize;
    const alpha = this.temperature;
    // Networks work feature-major: [features, batch].
    const normalised = new Float32Array(A * B);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < A; i++) normalised[i * B + b] = (batch.actions[b * A + i] - this.actionLow[i]) / this.halfRange[i] - 1;
    }
    return tf.tidy(() => {
      const states = tf.tensor2d(transpose(batch.states, B, S), [S, B]);
      const actions = tf.tensor2d(normalised, [A, B]);
      const nextStates = tf.tensor2d(transpose(batch.nextStates, B, S), [S, B]);
      const nextNoise = tf.tensor2d(nextNoiseValues, [A, B]);
      const noise = tf.tensor2d(noiseValues, [A, B]);

      // Critic target: r + gamma (1 - done) (min Q_target(s', a') - alpha log pi(a'|s')).
      const next = this.sample(nextStates, nextNoise);
      const nextQ = tf.minimum(this.q(this.target1, nextStates, next.squashed), this.q(this.target2, nextStates, next.squashed));
      const softQ = tf.sub(nextQ, tf.mul(next.logProb, tf.scalar(alpha)));
      const notDone = tf.sub(tf.scalar(1), tf.tensor2d(batch.dones, [1, B]));
      const target = tf.add(tf.tensor2d(batch.rewards, [1, B]), tf.mul(tf.mul(notDone, softQ), tf.scalar(o.gamma)));

      const criticVars = this.criticAdam.params.map((p) => p.variable);
      const critic = tf.variableGrads(() => {
        const l1 = tf.mean(tf.square(tf.sub(this.q(this.critic1, states, actions), target)));
        const l2 = tf.mean(tf.square(tf.sub(this.q(this.critic2, states, actions), target)));
        return tf.add(l1, l2) as tf.Scalar;
      }, criticVars);
      this.criticAdam.apply(criticVars.map((v) => critic.grads[v.name].dataSync() as Float32Array));

      // Actor: minimise alpha log pi(a|s) - min Q(s, a) with a reparameterised.
      const actorVars = this.actorAdam.params.map((p) => p.variable);
      let meanLogProb: tf.Scalar | undefined;
      const actor = tf.variableGrads(() => {
        const { squashed, logProb } = this.sample(states, noise);
        meanLogProb = tf.keep(tf.mean(logProb) as tf.Scalar);
        const q = tf.minimum(this.q(this.critic1, states, squashed), this.q(this.critic2, states, squashed));
        return tf.mean(tf.sub(tf.mul(logProb, tf.scalar(alpha)), q)) as tf.Scalar;
      }, actorVars);
      this.actorAdam.apply(actorVars.map((v) => actor.grads[v.name].dataSync() as Float32Array));
      const logProbValue = meanLogProb ? meanLogProb.dataSync()[0] : 0;
      meanLogProb?.dispose();

      if (o.learnTemperature) {
        // J(alpha) = -log(alpha) (log pi + target entropy), log pi held constant.
        // Its gradient with respect to log(alpha) is -(log pi + target entropy).
        this.temperatureAdam.apply([Float32Array.of(-(logProbValue + o.targetEntropy))]);
      }

      // Polyak averaging of the target critics.
      this.target1.polyakFrom(this.critic1, o.tau);
      this.target2.polyakFrom(this.critic2, o.tau);
      return { criticLoss: critic.value.dataSync()[0], actorLoss: actor.value.dataSync()[0], entropy: -logProbValue };
    });
  }
}

function checkVector(what: string, values: ArrayLike<number> | undefined, size: number): void {
  if (!values || values.length !== size) throw new RangeError(`SAC ${what} must have length ${size} (got ${values ? values.length : String(values)})`);
  for (let i = 0; i < size; i++) if (!Number.isFinite(values[i])) throw new RangeError(`SAC ${what}[${i}] is not finite (${values[i]})`);
}
