import type { StreamDatasetV1 } from '@scall/spec';

const COLUMNS = ['seg', 'users', 'items', 'new u', 'new i', 'rows', 'replay', 'train', 'valid', 'test', 'test u', 'start (UTC)', 'end (UTC)'] as const;

/**
 * A plain-text table of every segment's {@link SegmentStats} (one line per segment,
 * right-aligned numbers, dates as `YYYY-MM-DD HH:MM`), headed by the dataset's totals.
 *
 * @example
 * console.log(formatSegmentTable(await loadStream(datasetPreset('ml-100k', dataDir))));
 */
export function formatSegmentTable(dataset: StreamDatasetV1): string {
  const rows: string[][] = [];
  for (let t = 0; t < dataset.numSegments; t++) {
    const s = dataset.segment(t).stats;
    rows.push([
      String(s.index),
      String(s.users),
      String(s.items),
      String(s.newUsers),
      String(s.newItems),
      String(s.rows),
      String(s.replayedRows),
      String(s.trainRows),
      String(s.validationRows),
      String(s.testRows),
      String(s.testUsers),
      date(s.startTime),
      date(s.endTime),
    ]);
  }
  const widths = COLUMNS.map((title, c) => Math.max(title.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => (c >= 11 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const title = `${dataset.name}: ${dataset.numSegments} segments, ${dataset.totalUsers} users, ${dataset.totalItems} items`;
  return [title, line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function date(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : d.toISOString().slice(0, 16).replace('T', ' ');
}
