import type { BadRowReport, RawInteractions } from '@scall/stream-protocol';
import { canonicalIdOf } from './digit-scan.js';

/**
 * Accumulates rows into growable typed columns and interns user / item keys, so memory
 * is proportional to the number of rows and distinct ids, not to the file size.
 */
export class RawInteractionsBuilder {
  private users = new Int32Array(1024);
  private items = new Int32Array(1024);
  private timestamps = new Float64Array(1024);
  private size = 0;
  private readonly userIds = new Map<string, number>();
  private readonly itemIds = new Map<string, number>();
  private readonly userKeys: string[] = [];
  private readonly itemKeys: string[] = [];
  // Canonical numeric keys (String(n) === key) are also indexed by number, so numeric-id
  // readers can intern ids without creating a string per row. Invariant: every key that is
  // canonical numeric is in both maps, whichever path added it.
  private readonly userNumbers = new Map<number, number>();
  private readonly itemNumbers = new Map<number, number>();

  constructor(private readonly source: string) {}

  /** Number of rows added so far. */
  get length(): number {
    return this.size;
  }

  /** Appends one interaction. */
  add(userKey: string, itemKey: string, timestamp: number): void {
    if (this.size === this.users.length) this.grow();
    let user = this.userIds.get(userKey);
    if (user === undefined) user = intern(userKey, canonicalIdOf(userKey), this.userKeys, this.userIds, this.userNumbers);
    let item = this.itemIds.get(itemKey);
    if (item === undefined) item = intern(itemKey, canonicalIdOf(itemKey), this.itemKeys, this.itemIds, this.itemNumbers);
    this.users[this.size] = user;
    this.items[this.size] = item;
    this.timestamps[this.size] = timestamp;
    this.size++;
  }

  /**
   * Appends one interaction whose user and item keys are canonical non-negative integers
   * (`String(userKey)` is the key as written): the same entities as `add(String(userKey), ...)`,
   * without a string per row.
   */
  addNumeric(userKey: number, itemKey: number, timestamp: number): void {
    if (this.size === this.users.length) this.grow();
    let user = this.userNumbers.get(userKey);
    if (user === undefined) user = intern(String(userKey), userKey, this.userKeys, this.userIds, this.userNumbers);
    let item = this.itemNumbers.get(itemKey);
    if (item === undefined) item = intern(String(itemKey), itemKey, this.itemKeys, this.itemIds, this.itemNumbers);
    this.users[this.size] = user;
    this.items[this.size] = item;
    this.timestamps[this.size] = timestamp;
    this.size++;
  }

  /** Freezes the rows into {@link RawInteractions} (trimmed copies of the columns). */
  build(badRows: BadRowReport = { count: 0, examples: [] }): RawInteractions {
    const userKeys = this.userKeys;
    const itemKeys = this.itemKeys;
    return {
      source: this.source,
      users: this.users.slice(0, this.size),
      items: this.items.slice(0, this.size),
      timestamps: this.timestamps.slice(0, this.size),
      length: this.size,
      numUsers: userKeys.length,
      numItems: itemKeys.length,
      userKey: (id) => userKeys[id],
      itemKey: (id) => itemKeys[id],
      badRows,
    };
  }

  private grow(): void {
    const capacity = this.users.length * 2;
    const users = new Int32Array(capacity);
    users.set(this.users);
    const items = new Int32Array(capacity);
    items.set(this.items);
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.timestamps);
    this.users = users;
    this.items = items;
    this.timestamps = timestamps;
  }
}

function intern(text: string, numeric: number, keys: string[], byKey: Map<string, number>, byNumber: Map<number, number>): number {
  const id = keys.length;
  // A key sliced out of a line may share the memory of the whole chunk it was read from;
  // keep a copy of its own so that memory stays proportional to the distinct ids, not to
  // the file. (V8 shares memory for slices of 13 characters or more.)
  const key = text.length >= 13 ? detached(text) : text;
  keys.push(key);
  byKey.set(key, id);
  if (numeric >= 0) byNumber.set(numeric, id);
  return id;
}

/** A copy of `text` with memory of its own (the original when it does not survive UTF-8, i.e. lone surrogates). */
function detached(text: string): string {
  const copy = Buffer.from(text, 'utf8').toString('utf8');
  return copy === text ? copy : text;
}
