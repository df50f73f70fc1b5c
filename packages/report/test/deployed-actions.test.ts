import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { aggregateRuns, chartSpecs, collectRuns, renderChartSpec, renderCharts } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/runs', import.meta.url));

describe('deployed actions', () => {
  it('are collected from results.json and drawn as diamonds after each policy update', async () => {
    const runs = await collectRuns(fixtures);
    // Give SCALL's runs the deployed action the runner records (segments[].action).
    const withActions = runs.map((run) =>
      run.results.searcher !== 'scall'
        ? run
        : { ...run, results: { ...run.results, segments: run.results.segments.map((s) => (s.index >= 1 ? { ...s, action: [0.2 * s.index, 0.5, 0.9] } : s)) } },
    );
    const aggregate = aggregateRuns(withActions);
    const scall = aggregate.cells.find((c) => c.searcher === 'scall' && c.budgetLabel === 'c=16')!;
    expect(scall.deployedActions.filter((d) => d.seed === 1).map((d) => [d.segment, d.action[0]])).toEqual([
      [1, 0.2],
      [2, 0.4],
    ]);
    expect(aggregate.cells.find((c) => c.searcher === 'uniform')!.deployedActions).toEqual([]);
    const chart = chartSpecs(aggregate).find((c) => c.kind === 'policy-actions' && c.id.includes('c-16'))!;
    const series = (chart.option as { series: { name: string; type: string; data: number[][] }[] }).series;
    const deployedShare = series.find((s) => s.type === 'scatter' && s.name === 'user share ρ, deployed')!;
    expect(deployedShare.data.map((p) => p[1])).toEqual([0.2, 0.4]);
    // Each diamond sits just after the last policy step of its segment's update.
    const steps = scall.policySteps[0].steps;
    expect(deployedShare.data[0][0]).toBe(steps.map((s) => s.segment).lastIndexOf(1) + 1.5);
    // The diamonds are drawn: scatter series are registered with the renderer (ECharts
    // warns and draws nothing otherwise), so each one adds symbols to the SVG.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const withDiamonds = renderChartSpec(chart, { png: false }).svg;
      const without = renderChartSpec({ ...chart, option: { ...chart.option, series: series.filter((s) => s.type !== 'scatter') } }, { png: false }).svg;
      expect(warn.mock.calls.flat().join(' ')).not.toMatch(/not imported/);
      const paths = (svg: string) => svg.match(/<path /g)?.length ?? 0;
      const diamonds = series.filter((s) => s.type === 'scatter').reduce((n, s) => n + s.data.length, 0);
      expect(paths(withDiamonds) - paths(without)).toBeGreaterThanOrEqual(diamonds);
    } finally {
      warn.mockRestore();
    }
  });

  it('fit the axis to actions outside [0, 1] (CIESS logs mean sizes) and render them', async () => {
    const runs = await collectRuns(fixtures);
    const sized = runs.map((run) =>
      run.results.searcher !== 'scall' ? run : { ...run, policySteps: run.policySteps.map((s, i) => ({ ...s, action: [12 + (i % 3), 40 - i] })) },
    );
    const aggregate = aggregateRuns(sized);
    const chart = chartSpecs(aggregate).find((c) => c.kind === 'policy-actions' && c.id.includes('c-16'))!;
    expect((chart.option as { yAxis: { max?: number; scale?: boolean } }).yAxis).toMatchObject({ scale: true });
    expect((chart.option as { yAxis: { max?: number } }).yAxis.max).toBeUndefined();
    // SCALL's own actions keep the unit axis.
    const unit = chartSpecs(aggregateRuns(runs)).find((c) => c.kind === 'policy-actions' && c.id.includes('c-16'))!;
    expect((unit.option as { yAxis: { max?: number } }).yAxis.max).toBe(1);
    const rendered = renderCharts(aggregate, { png: true }).find((c) => c.id === chart.id)!;
    expect(rendered.png!.length).toBeGreaterThan(1000);
  });
});
