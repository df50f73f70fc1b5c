import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { crc32, crc32Hex } from '@scall/embedding-table';
import type { RunEvent } from '@scall/spec';
import { CheckpointError } from './checkpoint-error.js';
import type { CheckpointFs } from './checkpoint-fs.js';
import type { FileRecord } from './checkpoint-manifest.js';

/**
 * The run's events: counted, passed to the listener as they happen, and appended to
 * `events.jsonl` (when there is one) in batches by {@link EventLog.flush}, keeping the
 * length and CRC-32 of what was written so a checkpoint can record them.
 */
export class EventLog {
  /** Events emitted so far, including those of a resumed run's earlier segments. */
  count = 0;
  private bytes = 0;
  private crc = 0;
  private pending: string[] = [];

  constructor(
    private readonly path: string | undefined,
    private readonly fs: CheckpointFs,
    private readonly listener?: (event: RunEvent) => void,
  ) {}

  /** Records one event. */
  readonly emit = (event: RunEvent): void => {
    this.count++;
    if (this.path) this.pending.push(`${JSON.stringify(event)}\n`);
    this.listener?.(event);
  };

  /** The file's state for a checkpoint: events written, their bytes and CRC. */
  record(): FileRecord & { count: number } {
    return { count: this.count, bytes: this.bytes, crc32: (this.crc >>> 0).toString(16).padStart(8, '0') };
  }

  /** Appends the pending events to the file. */
  async flush(): Promise<void> {
    if (this.path && this.pending.length) {
      const bytes = new TextEncoder().encode(this.pending.join(''));
      this.pending = [];
      await this.fs.appendFile(this.path, bytes);
      this.bytes += bytes.length;
      this.crc = crc32(bytes, this.crc);
    }
  }

  /** Empties the file (a fresh run). */
  async reset(): Promise<void> {
    this.count = 0;
    this.bytes = 0;
    this.crc = 0;
    this.pending = [];
    if (this.path) await this.fs.writeFile(this.path, '');
  }

  /**
   * Continues from a checkpoint: checks that the file starts with exactly the bytes the
   * checkpoint recorded and cuts off what an interrupted run wrote after them. `hint`
   * is the advice of the error if it does not.
   */
  async restore(record: FileRecord & { count: number }, hint: string): Promise<void> {
    this.count = record.count;
    this.bytes = record.bytes;
    this.crc = Number.parseInt(record.crc32, 16);
    this.pending = [];
    if (!this.path) return;
    const bytes = existsSync(this.path) ? new Uint8Array(await readFile(this.path)) : new Uint8Array(0);
    if (bytes.length < record.bytes) {
      throw new CheckpointError('events-mismatch', this.path, `holds ${bytes.length} bytes, fewer than the ${record.bytes} the checkpoint recorded (truncated or replaced)`, hint);
    }
    const crc = crc32Hex(bytes.subarray(0, record.bytes));
    if (crc !== record.crc32) throw new CheckpointError('events-mismatch', this.path, `its first ${record.bytes} bytes differ from those the checkpoint recorded (checksum ${crc}, recorded ${record.crc32})`, hint);
    if (bytes.length > record.bytes) await this.fs.truncate(this.path, record.bytes);
  }
}
