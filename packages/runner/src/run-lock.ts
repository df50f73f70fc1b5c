import { randomBytes } from 'node:crypto';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CheckpointError } from './checkpoint-error.js';
import { nodeCheckpointFs, type CheckpointFs } from './checkpoint-fs.js';

/** The lock file's name inside the output directory. */
export const LOCK_FILE = 'run.lock';

/** The content of a lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /** Random token telling this holder from a later one with the same pid. */
  readonly token: string;
}

/** A held lock on an output directory (see {@link acquireRunLock}). */
export interface RunLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** The stale lock this one replaced (its holder had died), if any. */
  readonly replaced: LockOwner | undefined;
  /** Removes the lock file if it is still this one. */
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Takes the lock of output directory `dir`: the file `dir/run.lock` holding the pid and
 * host of the run. The file is created atomically (written beside, then hard-linked), so
 * of two runs starting at once exactly one wins. A lock left by a dead process on this
 * host (or one that cannot be parsed) is stale and replaced; a lock of a live process,
 * or of another host, refuses the run with a {@link CheckpointError} (`code: "locked"`).
 */
export async function acquireRunLock(dir: string, fs: CheckpointFs = nodeCheckpointFs): Promise<RunLock> {
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const tmp = `${path}.${owner.pid}-${owner.token}.tmp`;
  try {
    await fs.mkdir(dir);
    await fs.writeFile(tmp, `${JSON.stringify(owner)}\n`);
  } catch (error) {
    throw new CheckpointError('write-failed', path, `cannot create the run lock (${(error as Error).message})`, 'Make the output directory writable (or choose another with --out) and run again', { cause: error });
  }
  let replaced: LockOwner | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(tmp, path).catch(async (error: NodeJS.ErrnoException) => {
          // File systems without hard links: create exclusively instead.
          if (error.code === 'EPERM' || error.code === 'ENOTSUP' || error.code === 'ENOSYS') await writeFile(path, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
          else throw error;
        });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
      }
      const holder = await readOwner(path);
      if (holder === undefined) continue;
      const stale = holder === 'unreadable' || (holder.host === owner.host && !alive(holder.pid));
      if (!stale) {
        const where = holder.host === owner.host ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
        throw new CheckpointError(
          'locked',
          path,
          `the output directory is in use by another run (${where}, since ${holder.since})`,
          holder.host === owner.host
            ? 'Wait for that run to finish, or write to another directory with --out'
            : `Wait for that run to finish, or write to another directory with --out; if no run on ${holder.host} uses it any more, delete ${path}`,
        );
      }
      if (holder !== 'unreadable') replaced = holder;
      // Move the stale lock aside first: of several runs replacing it, one moves it.
      const aside = `${path}.stale-${owner.pid}-${owner.token}`;
      try {
        await fs.rename(path, aside);
        await fs.rm(aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  } finally {
    await rm(tmp, { force: true });
  }
  return {
    path,
    owner,
    replaced,
    async release() {
      const holder = await readOwner(path).catch(() => undefined);
      if (holder && holder !== 'unreadable' && holder.token === owner.token) await fs.rm(path);
    },
  };
}
