import type { Spread } from './spread.js';

/** `0.1234 ± 0.0056` (the ± part only when there is more than one seed). */
export function formatSpread(spread: Spread, digits = 4): string {
  const mean = spread.mean.toFixed(digits);
  return spread.n > 1 ? `${mean} ± ${spread.std.toFixed(digits)}` : mean;
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
