import { ActorCriticAgent, Adam, DenseStack, nameParameters, ReplayBuffer, transpose } from '@scall/agent-kit';
import type { AgentState, DenseStackLayout, NamedParameter, RestoredAgent, TransitionBatch } from '@scall/agent-kit';
import { createRng, fillNormal } from '@scall/rng';
import type { AgentSpecV1, AgentUpdateReport, BatchedAgentV1, Rng, Transition } from '@scall/spec';
import * as tf from '@tensorflow/tfjs-core';
import { resolveTd3Options } from './td3-options.js';
import type { ResolvedTd3Options, Td3Options } from './td3-options.js';

/** Snapshot `kind` written and accepted by the TD3 agent. */
export const TD3_SNAPSHOT_KIND = 'td3';

/**
 * Twin Delayed DDPG (Fujimoto et al. 2018) as CIESS uses it: a deterministic tanh
 * actor, twin critics, target networks updated by Polyak averaging after every
 * `policyDelay`-th critic update (together with the actor), clipped Gaussian
 * target-policy smoothing and Gaussian exploration noise drawn per action (per entity
 * when acting in a batch). Actions map linearly from the tanh range [-1, 1] onto
 * `[actionLow, actionHigh]` (default `[-1, 1]`); the critics see that normalised form.
 *
 * Beyond {@link AgentV1} it implements the batched members of {@link BatchedAgentV1}:
 * `actBatch` (one action per state row) and `criticValues` (Q1 of state-action rows),
 * which CIESS's per-entity actions and random-walk exploration need. Create it through
 * {@link createTd3}.
 */
export class Td3Agent extends ActorCriticAgent implements BatchedAgentV1 {
  readonly name = 'td3';
  /** The hyperparameters in use, defaults filled in. */
  readonly options: ResolvedTd3Options;

  private readonly actor: DenseStack;
  private readonly critic1: DenseStack;
  private readonly critic2: DenseStack;
  private readonly actorTarget: DenseStack;
  private readonly target1: DenseStack;
  private readonly target2: DenseStack;
  private readonly actorAdam: Adam;
  private readonly criticAdam: Adam;
  private readonly memory: ReplayBuffer;
  private policyRng: Rng;
  private updateRng: Rng;
  private criticUpdates = 0;
  private actorUpdates = 0;

  constructor(spec: AgentSpecV1, options: Td3Options = {}) {
    super('TD3', spec);
    const { stateSize, actionSize } = this;
    this.options = resolveTd3Options(options);
    const o = this.options;
    const root = createRng(spec.seed);
    // One input each: the critics see the concatenated (state, action), as CIESS's code.
    const stack = (width: number, widths: readonly number[], output: 'linear' | 'tanh'): DenseStackLayout => ({
      inputs: [{ name: 'input', width, needsGradient: true }],
      widths,
      output,
      initialisation: 'torch-default',
    });
    const critic = stack(stateSize + actionSize, [...o.criticHiddenSizes, 1], 'linear');
    this.actor = new DenseStack(stack(stateSize, [...o.actorHiddenSizes, actionSize], 'tanh'), root.fork());
    this.critic1 = new DenseStack(critic, root.fork());
    this.critic2 = new DenseStack(critic, root.fork());
    this.actorTarget = new DenseStack(this.actor.layout, this.actor);
    this.target1 = new DenseStack(critic, this.critic1);
    this.target2 = new DenseStack(critic, this.critic2);
    this.policyRng = root.fork();
    this.updateRng = root.fork();
    // TD3 clips only above the norm (its released rule; see ClipRule).
    const adam = { beta1: o.adamBeta1, beta2: o.adamBeta2, epsilon: o.adamEpsilon, clipRule: 'above-norm' } as const;
    this.actorAdam = new Adam(this.actor.parameters, { ...adam, learningRate: o.actorLearningRate, clipNorm: o.actorGradClipNorm });
    this.criticAdam = new Adam([...this.critic1.parameters, ...this.critic2.parameters], {
      ...adam,
      learningRate: o.criticLearningRate,
      clipNorm: o.criticGradClipNorm,
    });
    this.memory = new ReplayBuffer(stateSize, actionSize, o.replayCapacity, 'uniform', 'TD3');
  }

  /** Transitions in the replay memory. */
  get bufferLength(): number {
    return this.memory.length;
  }

  /** Critic updates performed so far (the count `update()` reports). */
  get updates(): number {
    return this.criticUpdates;
  }

  act(state: Float32Array, options: { explore: boolean }): Float32Array {
    this.assertLive('act');
    checkRows('act: state', state, this.stateSize, 1);
    return this.actBatch(state, options);
  }

  actBatch(states: Float32Array, options: { explore: boolean }): Float32Array {
    this.assertLive('actBatch');
    const count = checkRows('actBatch: states', states, this.stateSize);
    const A = this.actionSize;
    const u = this.actorOutput(states, count);
    if (options.explore && this.options.explorationNoise > 0) {
      const noise = fillNormal(this.policyRng, new Float64Array(count * A), 0, this.options.explorationNoise);
      for (let j = 0; j < u.length; j++) u[j] += noise[j];
    }
    const out = new Float32Array(count * A);
    for (let r = 0; r < count; r++) {
      for (let i = 0; i < A; i++) {
        const x = Math.min(1, Math.max(-1, u[r * A + i]));
        const value = this.actionLow[i] + (x + 1) * this.halfRange[i];
        out[r * A + i] = Math.min(this.actionHigh[i], Math.max(this.actionLow[i], value));
      }
    }
    return out;
  }

  criticValues(states: Float32Array, actions: Float32Array): Float32Array {
    this.assertLive('criticValues');
    const count = checkRows('criticValues: states', states, this.stateSize);
    checkRows('criticValues: actions', actions, this.actionSize, count);
    const normalised = this.normalise(actions, count);
    return tf.tidy(() => {
      const s = tf.tensor2d(transpose(states, count, this.stateSize), [this.stateSize, count]);
      const a = tf.tensor2d(transpose(normalised, count, this.actionSize), [this.actionSize, count]);
      return Float32Array.from(this.critic1.apply([tf.concat([s, a], 0)]).dataSync());
    });
  }

  observe(transition: Transition): void {
    this.assertLive('observe');
    const { state, action, reward, nextState } = transition;
    checkRows('observe: transition state', state, this.stateSize, 1);
    checkRows('observe: transition nextState', nextState, this.stateSize, 1);
    checkRows('observe: transition action', action, this.actionSize, 1);
    if (!Number.isFinite(reward)) throw new RangeError(`TD3 observe: transition reward must be finite (got ${reward})`);
    for (let i = 0; i < this.actionSize; i++) {
      if (action[i] < this.actionLow[i] || action[i] > this.actionHigh[i]) {
        throw new RangeError(`TD3 observe: transition action[${i}] = ${action[i]} is outside [${this.actionLow[i]}, ${this.actionHigh[i]}]`);
      }
    }
    this.memory.push({ ...transition, action: this.normalise(action, 1) });
  }

  update(): AgentUpdateReport {
    this.assertLive('update');
    if (this.memory.length === 0) return { updates: 0 };
    const o = this.options;
    let criticLoss: number | undefined;
    let actorLoss: number | undefined;
    for (let k = 0; k < o.updatesPerStep; k++) {
      const batch = this.memory.sample(o.batchSize, this.updateRng);
      const targetNoise = fillNormal(this.updateRng, new Float32Array(o.batchSize * this.actionSize), 0, o.targetNoise);
      criticLoss = this.criticStep(batch, targetNoise);
      this.criticUpdates += 1;
      if (this.criticUpdates % o.policyDelay === 0) {
        actorLoss = this.actorStep(batch);
        this.actorUpdates += 1;
        this.actorTarget.polyakFrom(this.actor, o.tau);
        this.target1.polyakFrom(this.critic1, o.tau);
        this.target2.polyakFrom(this.critic2, o.tau);
      }
    }
    const report: { updates: number; criticLoss?: number; actorLoss?: number } = { updates: o.updatesPerStep };
    if (criticLoss !== undefined) report.criticLoss = criticLoss;
    if (actorLoss !== undefined) report.actorLoss = actorLoss;
    return report;
  }

  protected override release(): void {
    for (const net of [this.actor, this.critic1, this.critic2, this.actorTarget, this.target1, this.target2]) net.dispose();
  }

  /** Actions in bound units -> normalised [-1, 1], row-major. */
  private normalise(actions: ArrayLike<number>, count: number): Float32Array {
    const A = this.actionSize;
    const out = new Float32Array(count * A);
    for (let r = 0; r < count; r++) {
      for (let i = 0; i < A; i++) out[r * A + i] = (actions[r * A + i] - this.actionLow[i]) / this.halfRange[i] - 1;
    }
    return out;
  }

  /** The actor's normalised actions (in [-1, 1]) for `count` state rows, as a writable copy. */
  private actorOutput(states: Float32Array, count: number): Float32Array {
    const A = this.actionSize;
    const out = tf.tidy(() => this.actor.apply([tf.tensor2d(transpose(states, count, this.stateSize), [this.stateSize, count])]).dataSync() as Float32Array);
    return transpose(out, A, count);
  }

  private criticStep(batch: TransitionBatch, noiseValues: Float32Array): number {
    const o = this.options;
    const B = batch.size;
    const S = this.stateSize;
    const A = this.actionSize;
    return tf.tidy(() => {
      // Networks work feature-major: [features, batch].
      const states = tf.tensor2d(transpose(batch.states, B, S), [S, B]);
      const actions = tf.tensor2d(transpose(batch.actions, B, A), [A, B]);
      const nextStates = tf.tensor2d(transpose(batch.nextStates, B, S), [S, B]);
      // y = r + gamma (1 - done) min Q'(s', clip(pi'(s') + clip(noise, -c, c), -1, 1))
      const noise = tf.clipByValue(tf.tensor2d(noiseValues, [A, B]), -o.targetNoiseClip, o.targetNoiseClip);
      const nextActions = tf.clipByValue(tf.add(this.actorTarget.apply([nextStates]), noise), -1, 1) as tf.Tensor2D;
      const nextInput = tf.concat([nextStates, nextActions], 0) as tf.Tensor2D;
      const nextQ = tf.minimum(this.target1.apply([nextInput]), this.target2.apply([nextInput]));
      const notDone = tf.sub(1, tf.tensor2d(batch.dones, [1, B]));
      const target = tf.add(tf.tensor2d(batch.rewards, [1, B]), tf.mul(tf.mul(notDone, nextQ), o.gamma));
      const input = tf.concat([states, actions], 0) as tf.Tensor2D;
      const vars = this.criticAdam.params.map((p) => p.variable);
      const { value, grads } = tf.variableGrads(() => {
        const l1 = tf.mean(tf.square(tf.sub(this.critic1.apply([input]), target)));
        const l2 = tf.mean(tf.square(tf.sub(this.critic2.apply([input]), target)));
        return tf.add(l1, l2) as tf.Scalar;
      }, vars);
      this.criticAdam.apply(vars.map((v) => grads[v.name].dataSync() as Float32Array));
      return value.dataSync()[0];
    });
  }

  private actorStep(batch: TransitionBatch): number {
    const B = batch.size;
    return tf.tidy(() => {
      const states = tf.tensor2d(transpose(batch.states, B, this.stateSize), [this.stateSize, B]);
      const vars = this.actorAdam.params.map((p) => p.variable);
      const { value, grads } = tf.variableGrads(
        () => tf.neg(tf.mean(this.critic1.apply([tf.concat([states, this.actor.apply([states])], 0)]))) as tf.Scalar,
        vars,
      );
      this.actorAdam.apply(vars.map((v) => grads[v.name].dataSync() as Float32Array));
      return value.dataSync()[0];
    });
  }

  /** What a snapshot holds (format `td3/v1`). */
  protected override state(): AgentState {
    return {
      owner: 'TD3',
      kind: TD3_SNAPSHOT_KIND,
      format: 'td3/v1',
      box: this.box,
      options: this.options,
      counters: { criticUpdates: this.criticUpdates, actorUpdates: this.actorUpdates },
      adams: { actor: this.actorAdam, critic: this.criticAdam },
      parameters: this.namedParameters(),
      replay: this.memory,
      rngs: { policyRng: this.policyRng, updateRng: this.updateRng },
    };
  }

  protected override adopt({ counters, rngs }: RestoredAgent): void {
    this.criticUpdates = counters.criticUpdates;
    this.actorUpdates = counters.actorUpdates;
    this.policyRng = rngs.policyRng;
    this.updateRng = rngs.updateRng;
  }

  /** Every persistent parameter with its snapshot name and, when trained by Adam, its optimiser. */
  private namedParameters(): NamedParameter[] {
    return [
      ...nameParameters([['actor', this.actor]], this.actorAdam),
      ...nameParameters([['critic1', this.critic1], ['critic2', this.critic2]], this.criticAdam),
      ...nameParameters([['actorTarget', this.actorTarget], ['target1', this.target1], ['target2', this.target2]]),
    ];
  }
}

/** Checks a row-major block of finite values with `width` columns (and `rows` rows when given); returns the row count. */
function checkRows(what: string, values: ArrayLike<number> | undefined, width: number, rows?: number): number {
  if (!values || values.length === 0 || values.length % width !== 0 || (rows !== undefined && values.length !== rows * width)) {
    const expected = rows !== undefined ? `${rows * width}` : `a positive multiple of ${width}`;
    throw new RangeError(`TD3 ${what} must have length ${expected} (got ${values ? values.length : String(values)})`);
  }
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) throw new RangeError(`TD3 ${what}[${i}] is not finite (${values[i]})`);
  return values.length / width;
}
