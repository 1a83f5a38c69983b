// The bench report: results.json's shape, the Markdown the README embeds (between marker
// comments), and the goal lines printed after every run.
import { readFileSync, writeFileSync } from 'node:fs';
import { type CellResult, fmtTime, IMPLS, type Impl, type Kind, type Stats, type Tolerance } from './harness.js';
import type { PackageMetrics } from './packageMetrics.js';

export interface WorkloadInfo {
  name: string;
  what: string;
  kind: Kind;
  /** Implementations that can express it; the others are n/a. */
  impls: Impl[];
  tolerance: Tolerance;
}

/** What `bench/results.json` holds. Times are milliseconds. */
export interface Report {
  date: string;
  mode: 'full' | 'quick';
  machine: { cpus: number; model: string; node: string; loadAverage: number[] };
  workloads: WorkloadInfo[];
  cells: CellResult[];
  package?: PackageMetrics;
}

const PEERS: Impl[] = ['js-loop', 'numjs', 'tfjs-cpu', 'tfjs-wasm', 'jax-js'];

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function lookup(r: Report): (w: string, impl: Impl) => Stats | undefined {
  const m = new Map(r.cells.map((c) => [`${c.workload}/${c.impl}`, c.stats]));
  return (w, impl) => m.get(`${w}/${impl}`);
}

export interface GoalLine {
  goal: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
  detail: string;
}

/** Every goal of the README and issue 19, evaluated on this run. */
export function goals(r: Report): GoalLine[] {
  const s = lookup(r);
  const p50 = (w: string, impl: Impl) => s(w, impl)?.p50;
  const line = (goal: string, f: () => [boolean, string] | undefined): GoalLine => {
    const v = f();
    return v ? { goal, met: v[0], detail: v[1] } : { goal, met: undefined, detail: 'not measured in this run' };
  };
  /** The faster jaxpool column of a workload. */
  const bestJp = (w: string): [Impl, number] | undefined => {
    const c = (['jaxpool', 'jaxpool-1w'] as const).flatMap((i) => (p50(w, i) === undefined ? [] : [[i, p50(w, i)!] as [Impl, number]]));
    return c.sort((a, b) => a[1] - b[1])[0];
  };
  const ahead = (w: string) =>
    line(`${w} ahead of every peer`, () => {
      const jp = p50(w, 'jaxpool');
      const peers = PEERS.flatMap((i) => (p50(w, i) === undefined ? [] : [[i, p50(w, i)!] as const])).sort((a, b) => a[1] - b[1]);
      if (jp === undefined || peers.length === 0) return undefined;
      const [bi, bv] = peers[0]!;
      return [jp < bv, `jaxpool ${fmtTime(jp)}, fastest peer ${bi} ${fmtTime(bv)} (${ratio(jp, bv)})`];
    });
  const versus = (w: string, peer: Impl, limit: number, jpImpl?: Impl) =>
    line(`${w} ≤ ${limit.toFixed(1)}× ${peer}${jpImpl === 'jaxpool-1w' ? ' on one device' : jpImpl === 'jaxpool' ? ' on all devices' : ''}`, () => {
      const jp: [Impl, number] | undefined = jpImpl ? (p50(w, jpImpl) === undefined ? undefined : [jpImpl, p50(w, jpImpl)!]) : bestJp(w);
      const pv = p50(w, peer);
      if (!jp || pv === undefined) return undefined;
      return [jp[1] <= limit * pv, `${jp[0]} ${fmtTime(jp[1])}, ${peer} ${fmtTime(pv)} (${ratio(jp[1], pv)})`];
    });
  return [
    ahead('W1'),
    ahead('W5'),
    line('W6 ≤ 5 µs', () => {
      const v = p50('W6', 'jaxpool');
      return v === undefined ? undefined : [v <= 0.005, `jaxpool ${fmtTime(v)} per call (event loop: ${fmtTime(p50('W6-async', 'jaxpool') ?? NaN)})`];
    }),
    line('W7 ≤ 1.15× the host function called directly', () => {
      const v = p50('W7', 'jaxpool');
      const h = p50('W7', 'js-loop');
      return v === undefined || h === undefined ? undefined : [v <= 1.15 * h, `${ratio(v, h)} zero-copy (copy mode: ${ratio(p50('W7-copy', 'jaxpool') ?? NaN, h)})`];
    }),
    line('callback operand protection ≤ 5% on W7', () => {
      const v = p50('W7', 'jaxpool');
      const u = p50('W7-unprotected', 'jaxpool');
      const a = p50('W6', 'jaxpool');
      const b = p50('W6-unprotected', 'jaxpool');
      const pct = (x: number, y: number) => `${x >= y ? '+' : ''}${((x / y - 1) * 100).toFixed(1)}%`;
      const w6 = a === undefined || b === undefined ? '' : `; W6 ${fmtTime(a)} vs ${fmtTime(b)} (${pct(a, b)})`;
      return v === undefined || u === undefined ? undefined : [v <= 1.05 * u, `W7 ${fmtTime(v)} with the copies, ${fmtTime(u)} without (${pct(v, u)})${w6}`];
    }),
    line('fori ≤ 3× the loop', () => {
      const v = p50('fori', 'jaxpool');
      const h = p50('fori', 'js-loop');
      return v === undefined || h === undefined ? undefined : [v <= 3 * h, `jaxpool ${fmtTime(v)}, js-loop ${fmtTime(h)} (${ratio(v, h)})`];
    }),
    line('W1 two-worker gain ≥ 1.7×', () => {
      const one = p50('W1', 'jaxpool-1w');
      const all = p50('W1', 'jaxpool');
      if (one === undefined || all === undefined) return undefined;
      const t1 = p50('W1-js-1t', 'js-loop');
      const t2 = p50('W1-js-2t', 'js-loop');
      const peer = t1 !== undefined && t2 !== undefined ? `; hand-written JS threads ${ratio(t1, t2)}` : '';
      return [one / all >= 1.7, `jaxpool-1w / jaxpool ${ratio(one, all)}${peer}`];
    }),
    versus('W2b', 'tfjs-wasm', 1.0),
    versus('W3', 'tfjs-wasm', 1.0, 'jaxpool-1w'),
    versus('W3', 'tfjs-wasm', 0.7, 'jaxpool'),
    versus('trace-50', 'jax-js', 1.0),
    versus('eager-W1', 'jax-js', 1.0),
    versus('eager-op', 'tfjs-cpu', 1.0),
    line('W4 p99 ≤ 3× p50 (quiet machine)', () => {
      const v = s('W4', 'jaxpool');
      return v ? [v.p99 <= 3 * v.p50, `jaxpool p50 ${fmtTime(v.p50)}, p99 ${fmtTime(v.p99)} (${ratio(v.p99, v.p50)})`] : undefined;
    }),
    line('W4-busy median ≤ 10 µs', () => {
      const v = p50('W4-busy', 'jaxpool');
      return v === undefined ? undefined : [v <= 0.01, `jaxpool ${fmtTime(v)} with a CPU-bound process beside it`];
    }),
    line("import 'jaxpool' ≤ 2× an empty Node start", () => {
      const t = r.package?.importTime;
      return t ? [t.ratio <= 2, `${fmtTime(t.importMs)} vs ${fmtTime(t.emptyMs)} for \`node -e 0\` (${ratio(t.importMs, t.emptyMs)}, ${t.from})`] : undefined;
    }),
  ];
}

/** `goal: met — detail` lines. */
export function goalLines(r: Report): string[] {
  return goals(r).map((g) => `${g.goal}: ${g.met === undefined ? g.detail : `${g.met ? 'met' : 'NOT MET'} — ${g.detail}`}`);
}

/** The Markdown block the README embeds: run line, the table, latency tails, package, goals. */
export function markdown(r: Report): string {
  const s = lookup(r);
  const impls = IMPLS.filter((i) => r.cells.some((c) => c.impl === i));
  const lines: string[] = [
    `Run of ${r.date.slice(0, 10)}: \`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\`, Node ${r.machine.node}, ` +
      `${r.machine.cpus} cores (${r.machine.model}), load average ${r.machine.loadAverage.map((v) => v.toFixed(1)).join(' / ')} at the start. ` +
      'Median time per call, readback included; the fastest of each row in bold; n/a: the implementation cannot express the workload.' +
      (r.machine.loadAverage[0]! > r.machine.cpus
        ? ' **The machine was busy (load average above its core count): times are inflated and ratios distorted, most for cells that use several threads.**'
        : ''),
    '',
    `| workload | what | ${impls.join(' | ')} |`,
    `|---|---|${impls.map(() => '---:').join('|')}|`,
  ];
  for (const w of r.workloads) {
    const row = impls.map((i) => s(w.name, i)?.p50);
    if (row.every((v) => v === undefined)) continue;
    const best = Math.min(...row.filter((v): v is number => v !== undefined));
    const cells = row.map((v, k) => (v === undefined ? (w.impls.includes(impls[k]!) ? '' : 'n/a') : v === best ? `**${fmtTime(v)}**` : fmtTime(v)));
    lines.push(`| ${w.name} | ${w.what.replace(/\|/g, '\\|')} | ${cells.join(' | ')} |`);
  }
  const latency = r.workloads.filter((w) => w.kind === 'latency');
  if (latency.length > 0) {
    lines.push('', 'Latency workloads, every call timed:', '', '| workload | impl | p50 | p90 | p99 | max | calls |', '|---|---|---:|---:|---:|---:|---:|');
    for (const w of latency)
      for (const i of impls) {
        const v = s(w.name, i);
        if (v) lines.push(`| ${w.name} | ${i} | ${fmtTime(v.p50)} | ${fmtTime(v.p90)} | ${fmtTime(v.p99)} | ${fmtTime(v.max)} | ${v.samples} |`);
      }
  }
  const pkg = r.package;
  if (pkg) {
    const inst = 'error' in pkg.install
      ? `could not be measured: ${pkg.install.error}`
      : `brings ${pkg.install.packages} packages (${(pkg.install.bytes / 1e6).toFixed(1)} MB on disk; tarball ${(pkg.install.tarballBytes / 1e3).toFixed(0)} kB)`;
    lines.push(
      '',
      `Package: \`npm install\` of the packed tarball into an empty project ${inst}. ` +
        `\`import 'jaxpool'\` (${pkg.importTime.from}) in a fresh process: ${fmtTime(pkg.importTime.importMs)} against ${fmtTime(pkg.importTime.emptyMs)} ` +
        `for \`node -e 0\`, ${ratio(pkg.importTime.importMs, pkg.importTime.emptyMs)} (medians of ${pkg.importTime.runs}).`,
    );
  }
  lines.push('', 'Goals:', '', ...goalLines(r).map((l) => `- ${l}`));
  return lines.join('\n');
}

export const BEGIN = '<!-- bench:begin (generated by npm run bench) -->';
export const END = '<!-- bench:end -->';

/** Replaces the block between the bench markers of the Markdown file at `path` with `block`. */
export function embed(path: string, block: string): void {
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`bench: ${path} has no '${BEGIN}' … '${END}' block to replace`);
  writeFileSync(path, text.slice(0, a + BEGIN.length) + '\n' + block + '\n' + text.slice(b));
}
