import cliProgress from 'cli-progress';
import { consola } from 'consola';
import type { RunEvent } from '@scall/spec';

/**
 * Renders run events: a progress bar over segments (with the current phase) on a
 * terminal, one log line per milestone otherwise (CI, pipes).
 */
export function createProgress(totalSegments: number, label: string): { onEvent: (event: RunEvent) => void; stop: () => void } {
  const interactive = Boolean(process.stderr.isTTY) && !process.env.CI;
  const bar = interactive
    ? new cliProgress.SingleBar(
        { format: `${label} |{bar}| {value}/{total} segments | {phase}`, hideCursor: true, stream: process.stderr, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(totalSegments, 0, { phase: 'starting' });
  const log = (text: string) => (bar ? bar.update({ phase: text }) : consola.info(`${label} ${text}`));
  return {
    onEvent(event) {
      switch (event.type) {
        case 'segment-started':
          log(`segment ${event.segment}: ${event.stats.users} users, ${event.stats.items} items, ${event.stats.trainRows} train rows`);
          break;
        case 'policy-step':
          log(`segment ${event.segment}: policy step ${event.step + 1}, reward ${event.reward.toFixed(2)}, fitness ${event.fitness.toFixed(4)}`);
          break;
        case 'plan-applied':
          log(`segment ${event.segment}: plan uses ${event.parameters}/${event.budgetParameters} parameters (mean user ${event.meanUserSize.toFixed(1)}, item ${event.meanItemSize.toFixed(1)})`);
          break;
        case 'training-block':
          if (bar) log(`segment ${event.segment}: block ${event.block + 1}, loss ${event.loss.toFixed(4)}, fitness ${event.fitness.toFixed(4)}`);
          break;
        case 'evaluation': {
          const k = event.result.ks[0];
          log(`segment ${event.segment}: Recall@${k} ${(event.result.metrics.recall?.[k] ?? 0).toFixed(4)}, NDCG@${k} ${(event.result.metrics.ndcg?.[k] ?? 0).toFixed(4)} over ${event.result.users} users`);
          break;
        }
        case 'segment-finished':
          bar?.increment(1, { phase: `segment ${event.segment} done in ${event.seconds.toFixed(1)} s` });
          if (!bar) consola.info(`${label} segment ${event.segment} done in ${event.seconds.toFixed(1)} s`);
          break;
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
