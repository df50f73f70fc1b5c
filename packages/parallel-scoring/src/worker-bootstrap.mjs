// Plain JavaScript, so that a worker starts the same way from the TypeScript sources and
// from dist/: when the worker script or its environment module is TypeScript, register
// tsx in this thread first (a `.ts` worker entry, or `--import tsx` in execArgv, does not
// work on Node 20), then import the worker script.
import { workerData } from 'node:worker_threads';

if (workerData.typescript) {
  const api = 'tsx/esm/api'; // a variable, so that bundlers leave it alone
  let tsx;
  try {
    tsx = await import(api);
  } catch (error) {
    throw new Error(`a scoring worker that loads TypeScript (${workerData.environment.module}) needs tsx: install it (npm install tsx). ${error.message}`);
  }
  tsx.register();
}
await import(workerData.entry);
