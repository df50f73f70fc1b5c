import type { RenderedChart } from './render-charts.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Makes an SVG document fit for inlining in HTML: no XML prolog, no namespace URLs, scalable. */
export function inlineSvg(chart: RenderedChart): string {
  return chart.svg
    .replace(/^\s*<\?xml[^>]*>\s*/, '')
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')
    .replace(/^<svg width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/, `<svg role="img" aria-label="${escapeHtml(chart.title)}" style="max-width:100%;height:auto" width="$1" height="$2"`);
}

/** An HTML table; columns from `numericFrom` on are right-aligned numbers. */
export function table(header: string[], rows: string[][], numericFrom: number): string {
  const th = header.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((v, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(v)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The style sheet of every HTML page this package writes (inlined: nothing is fetched). */
export const STYLE = `
body{font-family:'DejaVu Sans','Helvetica Neue',Arial,sans-serif;margin:2rem auto;max-width:1400px;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}h3{font-size:1.05rem;margin-top:1.6rem}
table{border-collapse:collapse;font-size:.8rem;margin:.6rem 0;display:block;overflow-x:auto}
th,td{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}th{background:#f4f4f4;vertical-align:bottom}td.num,th.num{text-align:right}th.num{min-width:4.5em}
td:first-child{white-space:nowrap}figure svg{display:block;margin:0 auto}
figure{margin:1.2rem 0;border:1px solid #eee;padding:.4rem}figcaption{font-size:.85rem;color:#555}
nav ul{columns:2;font-size:.9rem}.note{color:#555;font-size:.9rem}.warn{color:#a33}
`;
