import { DATASET_PRESETS, formatSegmentTable } from '@scall/datasets';
import type { StreamDatasetV1 } from '@scall/spec';
import { defineCommand } from 'citty';
import { loadDataset } from '../assemble.js';
import { csvStreamOptions, describeDetection, segmentAdvice } from '../csv-dataset.js';
import { UserError } from '../user-error.js';
import { defaultDataDir, userDirectory } from '../execute-run.js';
import { loadConfig } from '../load-config.js';
import { resolveProtocolSettings, type ProtocolSettings } from '../protocol.js';
import { flagsToConfig, resolveConfigPath, runArgs } from './run.js';

const { dataset, 'data-dir': dataDir, threshold, data, columns, delimiter, header, 'timestamp-format': timestampFormat, config, protocol } = runArgs;

/** One segment of `scall segments --format json`. */
export interface SegmentRow {
  readonly index: number;
  /** Users / items in the training graph. */
  readonly users: number;
  readonly items: number;
  /** Rows of the training graph (every earlier row plus this segment's training part). */
  readonly graphPairs: number;
  /** Known (user, item) pairs of the test part. */
  readonly testPairs: number;
  /** Evaluated test users under the protocol's user rule. */
  readonly testUsers: number;
  /** Candidate items per test user under the protocol's candidate rule. */
  readonly candidateItems: number;
  readonly replayRows: number;
  /** The segment's own rows. */
  readonly ownRows: number;
  /** Own rows in the training part (validation slice included) and in the validation slice. */
  readonly ownTrainRows: number;
  readonly validationRows: number;
}

/** The per-segment counts of a stream under a protocol's evaluation rules. */
export function segmentRows(stream: StreamDatasetV1, settings: ProtocolSettings): SegmentRow[] {
  const rows: SegmentRow[] = [];
  for (let t = 0; t < stream.numSegments; t++) {
    const segment = stream.segment(t);
    const s = segment.stats;
    let candidateItems: number;
    if (settings.candidates === 'catalogue') candidateItems = segment.numItems;
    else if (settings.candidates === 'reference') candidateItems = s.candidateItems ?? Number.NaN;
    else candidateItems = new Set(segment.test.items).size;
    rows.push({
      index: t,
      users: s.users,
      items: s.items,
      graphPairs: segment.graph.length,
      testPairs: s.testPairs ?? segment.test.length,
      testUsers: settings.users === 'all-known' ? (s.testUsersAll ?? s.testUsers) : s.testUsers,
      candidateItems,
      replayRows: s.replayedRows,
      ownRows: s.rows,
      ownTrainRows: s.ownTrainRows ?? Number.NaN,
      validationRows: s.validationRows,
    });
  }
  return rows;
}

function protocolTable(rows: readonly SegmentRow[]): string {
  const header = ['seg', 'graph pairs', 'test pairs', 'test users', 'candidates', 'replay R', 'own rows N'];
  const body = rows.map((r) => [r.index, r.graphPairs, r.testPairs, r.testUsers, r.candidateItems, r.replayRows, r.ownRows].map(String));
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

export const segmentsCommand = defineCommand({
  meta: { name: 'segments', description: 'Print the segment table of a dataset stream (a preset, or your own file with --data) under a protocol, and suggest a threshold' },
  args: {
    config: { ...config, description: 'read the dataset (and protocol) from this run config' },
    protocol,
    dataset: { ...dataset, description: `preset: ${DATASET_PRESETS.join(', ')} (default synthetic-small)` },
    'data-dir': dataDir,
    data,
    columns,
    delimiter,
    header,
    'timestamp-format': timestampFormat,
    threshold,
    format: { type: 'string', description: 'table (default) or json (one object per segment: users, items, graphPairs, testPairs, testUsers, candidateItems, replayRows, ownRows, ...)', default: 'table' },
  },
  async run({ args }) {
    if (args.format !== 'table' && args.format !== 'json') throw new UserError(`--format must be "table" or "json", got "${args.format}"`);
    const run = await loadConfig(resolveConfigPath(args.config), flagsToConfig(args));
    const settings = resolveProtocolSettings(run);
    const json = args.format === 'json';
    const detection = run.dataset.name === 'csv' ? (await csvStreamOptions(run.dataset, userDirectory())).detection : undefined;
    if (detection && !json) console.log(describeDetection(detection));
    let stream;
    try {
      stream = await loadDataset(run, defaultDataDir());
    } catch (error) {
      if (!(error instanceof Error && /yields a single segment/.test(error.message))) throw error;
      const hint = detection ? `try --threshold ${detection.suggestedThreshold}` : 'lower --threshold';
      throw new UserError(error.message, { hint, cause: error });
    }
    const rows = segmentRows(stream, settings);
    if (json) {
      for (const row of rows) console.log(JSON.stringify(row));
      return;
    }
    console.log(formatSegmentTable(stream));
    console.log(`\nprotocol "${run.protocol}": candidates ${settings.candidates}, users ${settings.users}, checkpoint selection on ${settings.selection}`);
    console.log(protocolTable(rows));
    // The static split has one segment by design: no threshold to advise on.
    if (settings.splitBase !== 'random-per-user') console.log(segmentAdvice(stream, run.dataset.threshold ?? detection?.suggestedThreshold, detection?.suggestedThreshold));
    else console.log(`static split (seed ${String(stream.protocol.seed)}): train ${stream.segment(0).stats.trainRows}, validation ${rows[0].validationRows} known (${stream.segment(0).rawValidation?.length ?? 0} drawn), test ${rows[0].testPairs} known (${stream.segment(0).rawTest?.length ?? 0} drawn) rows`);
  },
});
