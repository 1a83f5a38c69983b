// The bench chart: grouped bars per workload, one colour per implementation, median time per
// call on a log scale. A small SVG writer: no dependency, and the file diffs as text.
import { IMPLS, type Impl } from './harness.js';

/** One colour per implementation (Okabe–Ito, readable by colour-blind viewers), jaxpool strongest. */
export const COLOURS: Record<Impl, string> = {
  'js-loop': '#999999',
  numjs: '#CC79A7',
  'tfjs-cpu': '#56B4E9',
  'tfjs-wasm': '#0072B2',
  'jax-js': '#009E73',
  'jaxpool-1w': '#E69F00',
  jaxpool: '#D55E00',
};

export interface ChartGroup {
  workload: string;
  /** Median ms per implementation; missing = n/a. */
  ms: Partial<Record<Impl, number>>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A time in ms as a short label: `10 µs`, `1 ms`, `100 ms`, `1 s`. */
function timeLabel(ms: number): string {
  if (ms >= 1000) return `${+(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${+ms.toPrecision(3)} ms`;
  if (ms >= 1e-3) return `${+(ms * 1000).toPrecision(3)} µs`;
  return `${+(ms * 1e6).toPrecision(3)} ns`;
}

/** The SVG document for `groups`, titled `title`. */
export function chartSvg(groups: ChartGroup[], title: string): string {
  const impls = IMPLS.filter((i) => groups.some((g) => g.ms[i] !== undefined));
  const values = groups.flatMap((g) => Object.values(g.ms).filter((v): v is number => v !== undefined && v > 0));
  const lo = Math.floor(Math.log10(Math.min(...values, 1)));
  const hi = Math.ceil(Math.log10(Math.max(...values, 1)));
  const slot = 9;
  const groupW = Math.max(impls.length, 1) * slot + 14;
  const left = 70;
  const top = 70;
  const plotH = 360;
  const bottom = 110;
  const width = left + groups.length * groupW + 20;
  const height = top + plotH + bottom;
  const y = (ms: number) => top + plotH - ((Math.log10(ms) - lo) / (hi - lo || 1)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  // Legend: one swatch per implementation.
  impls.forEach((impl, k) => {
    const x = left + k * 120;
    out.push(`<rect x="${x}" y="36" width="12" height="12" fill="${COLOURS[impl]}"/>`, `<text x="${x + 16}" y="46">${impl}</text>`);
  });
  // Decade grid lines with time labels.
  for (let e = lo; e <= hi; e++) {
    const yy = y(10 ** e).toFixed(1);
    out.push(
      `<line x1="${left}" x2="${width - 20}" y1="${yy}" y2="${yy}" stroke="#dddddd"/>`,
      `<text x="${left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${timeLabel(10 ** e)}</text>`,
    );
  }
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#333333"/>`);
  groups.forEach((g, gi) => {
    const x0 = left + gi * groupW + 7;
    impls.forEach((impl, k) => {
      const v = g.ms[impl];
      if (v === undefined || !(v > 0)) return;
      const yy = y(v);
      out.push(
        `<rect x="${x0 + k * slot}" y="${yy.toFixed(1)}" width="${slot - 1}" height="${(top + plotH - yy).toFixed(1)}" fill="${COLOURS[impl]}">` +
          `<title>${esc(`${g.workload} ${impl}: ${timeLabel(v)}`)}</title></rect>`,
      );
    });
    const cx = x0 + (impls.length * slot) / 2;
    out.push(`<text transform="translate(${cx.toFixed(1)},${top + plotH + 10}) rotate(-40)" text-anchor="end" dominant-baseline="middle">${esc(g.workload)}</text>`);
  });
  out.push(`<text x="${left}" y="${height - 8}" fill="#555555">median time per call including readback, log scale; lower is better; no bar: the implementation cannot express the workload</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
