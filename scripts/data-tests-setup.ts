import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real data folder the `*.data.test.ts` tests read: $SCALL_DATA_DIR, else ../shared/data beside the repository. */
export const REAL_DATA_DIR = process.env.SCALL_DATA_DIR ? resolve(process.env.SCALL_DATA_DIR) : fileURLToPath(new URL('../../shared/data', import.meta.url));

/**
 * Global setup of `pnpm test:data`: a missing or empty data folder is an error (the run
 * fails before any test), never a silent skip.
 */
export default function setup(): void {
  if (!existsSync(REAL_DATA_DIR) || readdirSync(REAL_DATA_DIR).length === 0) {
    throw new Error(
      `pnpm test:data needs the real datasets in ${REAL_DATA_DIR} (folders such as ml-100k/u.data). ` +
        'Put them there or point SCALL_DATA_DIR at them; `pnpm test` runs everything else on committed fixtures.',
    );
  }
}
