import type { ChartSpec, Scenario } from './chart-spec.js';
import { chartSpec } from './chart-scaffold.js';
import { seedNote, scenarioName } from './chart-spec.js';
import { axisName } from './chart-style.js';

const PHASES = [
  { key: 'policy', name: 'policy search', color: '#f58231' },
  { key: 'training', name: 'training', color: '#4363d8' },
  { key: 'evaluation', name: 'evaluation', color: '#3cb44b' },
] as const;

/** Wall time per phase (stacked bars) for every cell of a scenario. */
export function phaseTimeChart(scenario: Scenario): ChartSpec {
  const cells = scenario.cells;
  const max = Math.max(...cells.map((c) => c.timings.policy.mean + c.timings.training.mean + c.timings.evaluation.mean));
  const unit = max >= 2 * 3600 ? { name: 'hours', divisor: 3600 } : max >= 600 ? { name: 'minutes', divisor: 60 } : { name: 'seconds', divisor: 1 };
  const title = `Wall time per phase, ${scenarioName(scenario)}`;
  const subtitle = `Whole stream, ${seedNote(cells)}`;
  return chartSpec({
    kind: 'phase-time',
    subject: [scenario.dataset, scenario.recommender, scenario.protocol],
    title,
    subtitle,
    // Wider when there are many cells, so the searcher names under the bars do not collide.
    width: Math.max(960, 140 + 120 * cells.length),
    grid: { left: 80, right: 30, top: 80, bottom: 110 },
    xAxis: {
      type: 'category',
      data: cells.map((c) => `${c.searcher}\n${c.budgetLabel}`),
      axisLabel: { interval: 0, fontSize: 11 },
      ...axisName('searcher and budget', 48),
    },
    yAxis: { type: 'value', ...axisName(`wall time (${unit.name})`, 55) },
    series: PHASES.map((phase) => ({
      type: 'bar',
      name: phase.name,
      stack: 'time',
      color: phase.color,
      barMaxWidth: 48,
      data: cells.map((c) => Number((c.timings[phase.key].mean / unit.divisor).toPrecision(5))),
    })),
  });
}
