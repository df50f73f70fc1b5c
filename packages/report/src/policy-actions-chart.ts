import type { CellAggregate } from './aggregate.js';
import type { ChartSpec, Scenario } from './chart-spec.js';
import { chartSpec } from './chart-scaffold.js';
import { PALETTE, axisName } from './chart-style.js';

/** Names of SCALL's action dimensions; further dimensions are called `action[i]`. */
export const ACTION_NAMES = ['user share ρ', 'user shape α_u', 'item shape α_i'];

function actionChart(cell: CellAggregate): ChartSpec {
  const { seed, steps } = cell.policySteps[0];
  const dims = Math.max(...steps.map((s) => s.action.length));
  const series: Record<string, unknown>[] = [];
  for (let d = 0; d < dims; d++) {
    series.push({
      type: 'line',
      name: ACTION_NAMES[d] ?? `action[${d}]`,
      color: PALETTE[d % PALETTE.length],
      symbolSize: 5,
      data: steps.map((s, x) => [x + 1, s.action[d] ?? null]),
    });
  }
  // Vertical lines where the policy update for a new segment begins.
  const starts: { xAxis: number; label: { formatter: string } }[] = [];
  steps.forEach((s, x) => {
    if (x === 0 || steps[x - 1].segment !== s.segment) starts.push({ xAxis: x + 1, label: { formatter: `t = ${s.segment}` } });
  });
  series[0].markLine = {
    symbol: 'none',
    silent: true,
    lineStyle: { color: '#999', type: 'dotted', width: 1 },
    label: { position: 'end', align: 'left', padding: [0, 0, 0, 4], fontSize: 11, color: '#555' },
    data: starts,
  };
  // The deployed (deterministic) action of segment t, just after its policy update.
  const deployed = cell.deployedActions.filter((d) => d.seed === seed);
  for (let d = 0; d < dims; d++) {
    const points = deployed.flatMap(({ segment, action }) => {
      const last = steps.map((s) => s.segment).lastIndexOf(segment);
      return last < 0 || action[d] === undefined ? [] : [[last + 1.5, action[d]]];
    });
    if (points.length === 0) continue;
    series.push({
      type: 'scatter',
      name: `${ACTION_NAMES[d] ?? `action[${d}]`}, deployed`,
      color: PALETTE[d % PALETTE.length],
      symbol: 'diamond',
      symbolSize: 11,
      data: points,
    });
  }
  // SCALL's raw actions live in [0, 1]; other searchers log other units (CIESS: mean
  // sizes, BET: family indices and shapes), which get an axis fitted to their values.
  const values = [...steps.flatMap((s) => s.action), ...deployed.flatMap((d) => d.action)].filter((v) => Number.isFinite(v));
  const unit = values.every((v) => v >= 0 && v <= 1);
  const title = `Agent actions over policy steps, ${cell.searcher}, ${cell.budgetLabel}, ${cell.dataset} / ${cell.recommender}, ${cell.protocol} protocol`;
  const subtitle = `${unit ? 'Raw actions in [0, 1]' : 'Actions (as the searcher logs them)'} of each environment step, seed ${seed}; diamonds: the action deployed for segment t; dotted lines: the policy update before segment t starts`;
  return chartSpec({
    kind: 'policy-actions',
    subject: [cell.dataset, cell.recommender, cell.protocol, cell.budgetLabel, cell.searcher],
    title,
    subtitle,
    grid: { left: 70, right: 30, top: 95, bottom: 90 },
    xAxis: { type: 'value', min: 1, max: steps.length + 1, minInterval: 1, ...axisName('policy step (cumulative over segments)', 28) },
    yAxis: unit ? { type: 'value', min: 0, max: 1, ...axisName('action value (unitless, 0–1)', 44) } : { type: 'value', scale: true, ...axisName('action value (searcher units)', 44) },
    series,
  });
}

/** The agent's actions (user share and shape parameters) over policy steps, one chart per cell that logged any. */
export function policyActionCharts(scenario: Scenario): ChartSpec[] {
  return scenario.cells.filter((cell) => cell.policySteps.length > 0).map(actionChart);
}
