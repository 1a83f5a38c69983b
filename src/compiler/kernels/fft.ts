// fft_planes's kernel in IR: a batched 1-d DFT along the last axis of separate real and imaginary
// planes, computed in float64 whatever the dtype (float32 results are the float64 ones rounded).
// Lengths with only small prime factors run a mixed-radix Stockham FFT (out of place, no bit
// reversal: each pass reads one buffer and writes the other, the first reading the input and the
// last writing the output); other lengths run Bluestein's chirp-z transform, a convolution through
// power-of-two FFTs (fftPlan.ts). Twiddles are computed once per launch, each as the product of
// two directly evaluated cos/sin values (W^t = W^(aS)·W^b, an error of a few ulp, never the drift
// of repeated multiplication). Rows split across devices: each row has its own work region, and
// tables shared by parts are only ever written with their final values.
import { float64 } from '../../core/dtypes.js';
import { sizeOf } from '../../core/shape.js';
import { alu, type Buf, cast, constant, type Exp, i32, ix, load } from '../../ir/exp.js';
import type { FftPlanesParams } from '../../lax/fftPlanes.js';
import type { KernelContext, LowerInfo } from '../lowering.js';
import { fftPlan } from './fftPlan.js';

/** A complex value as two float64 expressions. */
interface C {
  re: Exp;
  im: Exp;
}
/** A complex buffer as two float64 planes. */
interface Planes {
  re: Buf;
  im: Buf;
}
/** Element i of a row being transformed. */
type Reader = (i: Exp) => C;
/** Store element i of a row. */
type Writer = (i: Exp, v: C) => void;

const f64 = (v: number): Exp => constant(v, float64);
const add = (a: Exp, b: Exp): Exp => alu('add', a, b);
const sub = (a: Exp, b: Exp): Exp => alu('sub', a, b);
const mul = (a: Exp, b: Exp): Exp => alu('mul', a, b);
const cadd = (a: C, b: C): C => ({ re: add(a.re, b.re), im: add(a.im, b.im) });
const csub = (a: C, b: C): C => ({ re: sub(a.re, b.re), im: sub(a.im, b.im) });
const cmul = (a: C, b: C): C => ({ re: sub(mul(a.re, b.re), mul(a.im, b.im)), im: add(mul(a.re, b.im), mul(a.im, b.re)) });
const conj = (a: C): C => ({ re: a.re, im: alu('neg', a.im) });
/** σ·i·a for σ = ±1. */
const timesI = (a: C, sign: number): C => (sign > 0 ? { re: alu('neg', a.im), im: a.re } : { re: a.im, im: alu('neg', a.re) });
/** a·c for a real constant c (0 and ±1 folded). */
const scale = (a: Exp, c: number): Exp | null => (c === 0 ? null : c === 1 ? a : c === -1 ? alu('neg', a) : mul(a, f64(c)));
const range = (lo: number, hi: number): number[] => Array.from({ length: Math.max(0, hi - lo) }, (_, i) => lo + i);

function planes(ctx: KernelContext, count: number): Planes {
  return { re: ctx.scratch(float64, count), im: ctx.scratch(float64, count) };
}
const loadC = (p: Planes, i: Exp): C => ({ re: load(p.re, i), im: load(p.im, i) });
function storeC(ctx: KernelContext, p: Planes, i: Exp, v: C): void {
  ctx.store(p.re, i, v.re);
  ctx.store(p.im, i, v.im);
}
const letC = (ctx: KernelContext, v: C, hint: string): C => ({ re: ctx.let(v.re, `${hint}r`), im: ctx.let(v.im, `${hint}i`) });

/** The fft_planes kernel for one equation: outputs 0 and 1 are the transform of inputs 0 and 1 (real, imaginary) along the last axis. */
export function fftKernel(ctx: KernelContext, { inAvals, params: { inverse } }: LowerInfo<FftPlanesParams>): void {
  const shape = inAvals[0]!.shape;
  const n = shape[shape.length - 1]!;
  const rows = sizeOf(shape.slice(0, -1));
  if (rows === 0 || n === 0) return;
  const sign = inverse ? 1 : -1;
  const input = (row: Exp): Reader => {
    const at = ctx.let(ix.mul(row, n), 'in');
    return (i) => ({ re: cast(ctx.read(0, ix.add(at, i)), float64), im: cast(ctx.read(1, ix.add(at, i)), float64) });
  };
  const output = (row: Exp): Writer => {
    const at = ctx.let(ix.mul(row, n), 'out');
    return (i, v) => {
      ctx.write(0, ix.add(at, i), v.re);
      ctx.write(1, ix.add(at, i), v.im);
    };
  };
  if (n === 1) {
    const { lo, hi } = ctx.splitRows(rows, rows);
    ctx.loop(lo, hi, (r) => output(r)(i32(0), input(r)(i32(0))), 'r');
    return;
  }
  const plan = fftPlan(n);
  if (plan.kind === 'stockham') {
    const { radices } = plan;
    const { lo, hi } = ctx.splitRows(rows, rows * n * (radices.reduce((a, b) => a + b, 0) + 2));
    const tw = radices.length > 1 ? twiddles(ctx, n) : null;
    const x = radices.length > 1 ? planes(ctx, rows * n) : null;
    const y = radices.length > 2 ? planes(ctx, rows * n) : x;
    ctx.loop(lo, hi, (r) => {
      const base = ctx.let(ix.mul(r, n), 'base');
      stages(ctx, radices, sign, tw, input(r), output(r), [x!, y!], base);
    }, 'r');
    return;
  }
  bluestein(ctx, plan.n, plan.m, plan.radices, sign, rows, input, output);
}

/**
 * Bluestein: with w_j = exp(σπi·j²/n), X_k = w_k·Σ_j (x_j·w_j)·conj(w_(k−j)), a linear convolution
 * computed circularly in length m ≥ 2n − 1 by power-of-two FFTs. The transform of the chirp
 * (scaled by 1/m) does not depend on the data: each part computes it once, in its first row's work
 * region, its last pass writing the shared table.
 */
function bluestein(ctx: KernelContext, n: number, m: number, radices: number[], sign: number, rows: number, input: (r: Exp) => Reader, output: (r: Exp) => Writer): void {
  const { lo, hi } = ctx.splitRows(rows, rows * m * (3 * radices.reduce((a, b) => a + b, 0) + 8));
  const tw = twiddles(ctx, m);
  // The chirp: j² mod 2n in float64 (exact for j < 2^26), its angle folded into [−π, π].
  const w = planes(ctx, n);
  ctx.loop(0, n, (j) => {
    const jf = cast(j, float64);
    const t = ctx.let(alu('rem', mul(jf, jf), f64(2 * n)), 't');
    const folded = ctx.let(alu('sub', t, mul(f64(2 * n), cast(alu('gt', t, f64(n)), float64))), 'u');
    const angle = ctx.let(mul(folded, f64((sign * Math.PI) / n)), 'th');
    storeC(ctx, w, j, { re: alu('cos', angle), im: alu('sin', angle) });
  }, 'j');
  const bh = planes(ctx, m);
  const x = planes(ctx, rows * m);
  const y = planes(ctx, rows * m);
  ctx.if(alu('lt', lo, hi), () => {
    const base = ctx.let(ix.mul(lo, m), 'base');
    ctx.loop(0, n, (d) => storeC(ctx, x, ix.add(base, d), conj(loadC(w, d))), 'd');
    ctx.loop(n, m - n + 1, (d) => storeC(ctx, x, ix.add(base, d), { re: f64(0), im: f64(0) }), 'd');
    ctx.loop(m - n + 1, m, (d) => storeC(ctx, x, ix.add(base, d), conj(loadC(w, ix.sub(m, d)))), 'd');
    const inv = f64(1 / m);
    stages(ctx, radices, -1, tw, (i) => loadC(x, ix.add(base, i)), (i, v) => storeC(ctx, bh, i, { re: mul(v.re, inv), im: mul(v.im, inv) }), [y, x], base);
  });
  ctx.loop(lo, hi, (r) => {
    const base = ctx.let(ix.mul(r, m), 'base');
    const read = input(r);
    ctx.loop(0, n, (k) => storeC(ctx, x, ix.add(base, k), cmul(letC(ctx, read(k), 'x'), loadC(w, k))), 'k');
    ctx.loop(n, m, (k) => storeC(ctx, x, ix.add(base, k), { re: f64(0), im: f64(0) }), 'k');
    // Forward transform times the chirp's; its last pass lands in x or y (whichever it did not read).
    const last = radices.length % 2 === 1 ? y : x;
    stages(ctx, radices, -1, tw, (i) => loadC(x, ix.add(base, i)), (i, v) => storeC(ctx, last, ix.add(base, i), cmul(v, loadC(bh, i))), [y, x], base);
    const other = last === x ? y : x;
    const end = radices.length % 2 === 1 ? other : last;
    stages(ctx, radices, 1, tw, (i) => loadC(last, ix.add(base, i)), (i, v) => storeC(ctx, end, ix.add(base, i), v), [other, last], base);
    const write = output(r);
    ctx.loop(0, n, (k) => write(k, cmul(loadC(end, ix.add(base, k)), loadC(w, k))), 'k');
  }, 'r');
}

/**
 * The Stockham passes of one row: pass i (radix r, sub-length m = len/(s·r), stride s) reads
 * element q + s·(p + j·m) and writes q + s·(r·p + k) = W_len^(p·k·s)·Σ_j a_j·W_r^(j·k). The first
 * reads `read`, the last writes `write`, the others alternate between bufs[0] and bufs[1] (bufs[0]
 * must not be what `read` reads) at offset `base`.
 */
function stages(ctx: KernelContext, radices: number[], sign: number, tw: Planes | null, read: Reader, write: Writer, bufs: [Planes, Planes], base: Exp): void {
  const len = radices.reduce((a, b) => a * b, 1);
  let s = 1;
  let src = read;
  radices.forEach((r, pass) => {
    const m = len / (s * r);
    const buf = bufs[pass % 2]!;
    const dst: Writer = pass === radices.length - 1 ? write : (i, v) => storeC(ctx, buf, ix.add(base, i), v);
    radixPass(ctx, r, m, s, sign, tw, src, dst);
    src = (i) => loadC(buf, ix.add(base, i));
    s *= r;
  });
}

function radixPass(ctx: KernelContext, r: number, m: number, s: number, sign: number, tw: Planes | null, read: Reader, write: Writer): void {
  const body = (p: Exp) => {
    // Twiddles W^(p·k·s) for k ≥ 1 (the table holds the forward ones; the inverse's are their conjugates).
    const tws = m === 1 ? [] : range(1, r).map((k) => {
      const t = ctx.let(ix.mul(p, k * s), 't');
      return { re: ctx.let(load(tw!.re, t), 'wr'), im: ctx.let(sign < 0 ? load(tw!.im, t) : alu('neg', load(tw!.im, t)), 'wi') };
    });
    const inner = (q: Exp) => {
      const i0 = ctx.let(ix.add(q, ix.mul(p, s)), 'i');
      const a = range(0, r).map((j) => letC(ctx, read(ix.add(i0, s * m * j)), 'a'));
      const ys = butterfly(ctx, a, sign);
      const o0 = ctx.let(ix.add(q, ix.mul(p, s * r)), 'o');
      ys.forEach((v, k) => write(ix.add(o0, s * k), k === 0 || m === 1 ? v : cmul(v, tws[k - 1]!)));
    };
    if (s === 1) inner(i32(0));
    else ctx.loop(0, s, inner, 'q');
  };
  if (m === 1) body(i32(0));
  else ctx.loop(0, m, body, 'p');
}

/** Y_k = Σ_j a_j·exp(σ2πi·jk/r), with radix 2 and 4 as adds and odd radices pairing j with r − j. */
function butterfly(ctx: KernelContext, a: C[], sign: number): C[] {
  const r = a.length;
  if (r === 2) return [cadd(a[0]!, a[1]!), csub(a[0]!, a[1]!)];
  if (r === 4) {
    const [t0, t1, t2, t3] = [cadd(a[0]!, a[2]!), csub(a[0]!, a[2]!), cadd(a[1]!, a[3]!), csub(a[1]!, a[3]!)].map((t, k) => letC(ctx, t, `t${k}`)) as [C, C, C, C];
    const rot = timesI(t3, sign);
    return [cadd(t0, t2), cadd(t1, rot), csub(t0, t2), csub(t1, rot)];
  }
  const h = (r - 1) / 2;
  const sums = range(1, h + 1).map((j) => letC(ctx, cadd(a[j]!, a[r - j]!), 's'));
  const diffs = range(1, h + 1).map((j) => letC(ctx, csub(a[j]!, a[r - j]!), 'd'));
  const out: C[] = new Array<C>(r);
  out[0] = sums.reduce(cadd, a[0]!);
  for (let k = 1; k <= h; k++) {
    // Σ over j of s_j·cos θ and d_j·sin θ, θ = 2π·jk/r (the sine's sign σ applied with i).
    let A: C = a[0]!;
    let B: C | null = null;
    for (let j = 1; j <= h; j++) {
      const theta = (2 * Math.PI * ((j * k) % r)) / r;
      const [c, sn] = [Math.cos(theta), Math.sin(theta)];
      const s = sums[j - 1]!;
      const d = diffs[j - 1]!;
      A = { re: add(A.re, scale(s.re, c) ?? f64(0)), im: add(A.im, scale(s.im, c) ?? f64(0)) };
      const term = { re: scale(d.re, sn) ?? f64(0), im: scale(d.im, sn) ?? f64(0) };
      B = B ? cadd(B, term) : term;
    }
    const Al = letC(ctx, A, 'A');
    const rot = letC(ctx, timesI(B!, sign), 'B');
    out[k] = cadd(Al, rot);
    out[r - k] = csub(Al, rot);
  }
  return out;
}

/**
 * W^t = exp(−2πi·t/len) for t < len (at least), as W^(a·S)·W^b with t = a·S + b, both factors from
 * cos/sin of an angle folded into [−π, π]: 2·√len trigonometric calls instead of len.
 */
function twiddles(ctx: KernelContext, len: number): Planes {
  let S = 1;
  while (S * S < len) S *= 2;
  const A = Math.ceil(len / S);
  const direct = (count: number, step: number): Planes => {
    const p = planes(ctx, count);
    ctx.loop(0, count, (i) => {
      const t = ix.mul(i, step);
      // t > len/2 is the same angle as t − len, of smaller magnitude (a smaller absolute error).
      const folded = ctx.let(cast(ix.sub(t, ix.mul(len, cast(alu('gt', ix.mul(t, 2), i32(len)), t.dtype))), float64), 'f');
      const angle = ctx.let(mul(alu('div', folded, f64(len)), f64(-2 * Math.PI)), 'th');
      storeC(ctx, p, i, { re: alu('cos', angle), im: alu('sin', angle) });
    }, 'i');
    return p;
  };
  const hiPart = direct(A, S);
  const loPart = direct(S, 1);
  const table = planes(ctx, A * S);
  ctx.loop(0, A, (a) => {
    const h = letC(ctx, loadC(hiPart, a), 'h');
    ctx.loop(0, S, (b) => storeC(ctx, table, ix.add(ix.mul(a, S), b), cmul(h, loadC(loPart, b))), 'b');
  }, 'a');
  return table;
}
