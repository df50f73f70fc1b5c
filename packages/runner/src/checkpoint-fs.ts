import { mkdir, open, rename, rm, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The file-system operations a run writes through: its checkpoints, `events.jsonl`,
 * `results.json` and lock. The default ({@link nodeCheckpointFs}) uses `node:fs` and
 * flushes written files to disk; tests pass their own (via `checkpoint.fs`) to simulate
 * a full disk (`ENOSPC`) or a read-only directory (`EACCES`).
 */
export interface CheckpointFs {
  /** Writes a whole file and flushes it to disk. */
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** Appends to a file (creating it) and flushes it to disk. */
  appendFile(path: string, data: Uint8Array | string): Promise<void>;
  /** Cuts a file back to `length` bytes. */
  truncate(path: string, length: number): Promise<void>;
  /** Renames a file or directory (atomically replacing a file at `to`). */
  rename(from: string, to: string): Promise<void>;
  /** Creates a directory and its parents. */
  mkdir(path: string): Promise<void>;
  /** Removes a file or directory tree; no error if absent. */
  rm(path: string): Promise<void>;
  /** Flushes a directory's entries (after a rename) to disk; may do nothing. */
  syncDirectory(path: string): Promise<void>;
}

/** {@link CheckpointFs} on `node:fs/promises`. */
export const nodeCheckpointFs: CheckpointFs = {
  async writeFile(path, data) {
    const handle = await open(path, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  async appendFile(path, data) {
    const handle = await open(path, 'a');
    try {
      await handle.appendFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  truncate: (path, length) => truncate(path, length),
  rename: (from, to) => rename(from, to),
  mkdir: async (path) => {
    await mkdir(path, { recursive: true });
  },
  rm: (path) => rm(path, { recursive: true, force: true }),
  async syncDirectory(path) {
    try {
      const handle = await open(path, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // Some platforms (Windows) cannot open or sync a directory; the rename still happened.
    }
  },
};

/** Writes `path` atomically: a temporary file beside it, flushed, then renamed over it. */
export async function writeFileAtomic(path: string, data: Uint8Array | string, fs: CheckpointFs = nodeCheckpointFs): Promise<void> {
  await fs.mkdir(dirname(path));
  const tmp = `${path}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, path);
}
