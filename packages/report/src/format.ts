import type { Spread } from './spread.js';

/** `0.1234 ± 0.0056` (the ± part only when there is more than one seed). */
export function formatSpread(spread: Spread, digits = 4): string {
  const mean = spread.mean.toFixed(digits);
  return spread.n > 1 ? `${mean} ± ${spread.std.toFixed(digits)}` : mean;
}

/** `0.1234 [0.1100, 0.1368]`: a mean and its 95 % confidence interval (the mean alone for one value). */
export function formatCi(spread: Spread, digits = 4): string {
  const mean = spread.mean.toFixed(digits);
  return spread.n > 1 ? `${mean} [${(spread.mean - spread.ci95).toFixed(digits)}, ${(spread.mean + spread.ci95).toFixed(digits)}]` : mean;
}

/** `+0.0123 [+0.0050, +0.0196] *`: a paired difference with its 95 % CI, starred when the CI excludes zero. */
export function formatDifference(spread: Spread, digits = 4): string {
  const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
  if (spread.n < 2) return `${signed(spread.mean)} (1 pair, no CI)`;
  const low = spread.mean - spread.ci95;
  const high = spread.mean + spread.ci95;
  return `${signed(spread.mean)} [${signed(low)}, ${signed(high)}]${low > 0 || high < 0 ? ' *' : ''}`;
}

/** Seconds in the unit that reads best: `42.0 s`, `12.5 min`, `2.10 h`. */
export function formatSeconds(seconds: number): string {
  if (seconds >= 2 * 3600) return `${(seconds / 3600).toFixed(2)} h`;
  if (seconds >= 120) return `${(seconds / 60).toFixed(1)} min`;
  return `${seconds.toFixed(1)} s`;
}

/** Bytes in decimal units: `812 B`, `117.6 kB`, `10.00 MB`, `1.20 GB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${Math.round(bytes)} B`;
}
