import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { PolicyStepEvent, RunEvent } from '@scall/spec';

/** What the report keeps of a run's `events.jsonl`. */
export interface RunEventSummary {
  /** The policy-step events (the agent's actions), in file order. */
  readonly policySteps: readonly PolicyStepEvent[];
  /** Number of events read, of every type. */
  readonly events: number;
  /** True when the last line was cut off (a run stopped while writing) and was skipped. */
  readonly truncated: boolean;
}

/**
 * Reads an `events.jsonl` (one {@link RunEvent} per line) as a stream and keeps the
 * policy-step events. Blank lines are ignored; an unparsable final line without a line
 * break (a run interrupted mid-write) is skipped and reported in `truncated`; any other
 * bad line throws an error naming the file and line.
 *
 * @param file - path of the `events.jsonl`.
 */
export async function readRunEvents(file: string): Promise<RunEventSummary> {
  const policySteps: PolicyStepEvent[] = [];
  let events = 0;
  let line = 0;
  let pending: { line: number; error: string } | undefined;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    line += 1;
    if (pending) throw new Error(`${file}:${pending.line}: ${pending.error}`);
    if (text.trim() === '') continue;
    let event: RunEvent;
    try {
      event = JSON.parse(text) as RunEvent;
    } catch (error) {
      pending = { line, error: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
      throw new Error(`${file}:${line}: an event must be an object with a string "type", got ${text.slice(0, 60)}`);
    }
    events += 1;
    if (event.type === 'policy-step') {
      if (!Array.isArray(event.action) || typeof event.segment !== 'number' || typeof event.step !== 'number') {
        throw new Error(`${file}:${line}: a policy-step event needs "segment", "step" and an "action" array`);
      }
      policySteps.push(event);
    }
  }
  // readline drops the final line break, so a bad last line is taken as cut off only when
  // it is the last line of the file.
  return { policySteps, events, truncated: pending !== undefined };
}
