// conv_general_dilated's kernels in IR. Each output position's receptive field is gathered into a
// patch (im2col): per spatial dimension a constant table gives, for output coordinate q and
// kernel tap k, the input coordinate q·stride − pad + k·rhsDilation undone by the lhs dilation,
// or −1 where that lands in padding or in a dilation hole (a zero). Large float32 convolutions
// without groups build every row's patch and run the WebAssembly SIMD matmul over them (float32
// accumulation, as XLA's; split by rows across devices); the rest dot each row's patch with the packed kernel, four output
// features at once, accumulating in float64 (integers in their dtype, wrapping), also split by
// rows when every row's patch fits in scratch.
import { config } from '../../core/config.js';
import { type DType, float32, float64 } from '../../core/dtypes.js';
import { sizeOf, stridesOf } from '../../core/shape.js';
import { alu, type Buf, cast, constant, type Exp, i32, ix, load, offsetOf, table } from '../../ir/exp.js';
import type { ConvParams } from '../../lax/conv.js';
import { take } from '../../lax/convDims.js';
import type { KernelContext, LowerInfo } from '../lowering.js';
import { matmulModule, matmulScratchFloats } from './matmulWasm.js';

/** Products under this many multiply-adds stay JS (as dot's). */
const WASM_MIN_WORK = 8192;
/** Patch matrices past this many elements are not materialised whole (one patch at a time instead). */
const MAX_PATCH_ELEMENTS = 1 << 25;

/** The convolution's geometry in canonical order (batch, feature, spatial...). */
interface Geometry {
  S: number;
  C: number;
  O: number;
  Cg: number;
  G: number;
  B: number;
  Nb: number;
  kSp: number[];
  qSp: number[];
  KS: number;
  R: number;
  lStr: number[];
  rStr: number[];
  oStr: number[];
  /** Per spatial dimension: input coordinate for (q, k) at q·K + k, or −1. */
  tabs: Buf[];
  lhsDtype: DType;
}

function geometry({ inAvals: [l, r], outAvals: [y], params: p }: LowerInfo<ConvParams>): Geometry {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const [lS, rS, oS] = [take(l!.shape, lhsSpec), take(r!.shape, rhsSpec), take(y!.shape, outSpec)];
  const S = lS.length - 2;
  const [kSp, qSp, inSp] = [rS.slice(2), oS.slice(2), lS.slice(2)];
  const tabs = qSp.map((nq, d) => {
    const [s, lo, rd, ld, n, K] = [p.windowStrides[d]!, p.padding[d]![0], p.rhsDilation[d]!, p.lhsDilation[d]!, inSp[d]!, kSp[d]!];
    const t: number[] = [];
    for (let q = 0; q < nq; q++)
      for (let k = 0; k < K; k++) {
        const pos = q * s - lo + k * rd;
        t.push(pos >= 0 && pos % ld === 0 && pos / ld < n ? pos / ld : -1);
      }
    return table(t);
  });
  return {
    S,
    C: lS[1]!,
    O: rS[0]!,
    Cg: rS[1]!,
    G: p.featureGroupCount,
    B: p.batchGroupCount,
    Nb: oS[0]!,
    kSp,
    qSp,
    KS: sizeOf(kSp),
    R: oS[0]! * sizeOf(qSp),
    lStr: take(stridesOf(l!.shape), lhsSpec),
    rStr: take(stridesOf(r!.shape), rhsSpec),
    oStr: take(stridesOf(y!.shape), outSpec),
    tabs,
    lhsDtype: l!.dtype,
  };
}

/** Output row `r`'s batch index and spatial coordinates. */
function rowCoords(ctx: KernelContext, g: Geometry, r: Exp): { n: Exp; q: Exp[] } {
  const qStrides = stridesOf(g.qSp);
  const Q = sizeOf(g.qSp);
  return { n: ctx.let(ix.div(r, Q), 'n'), q: g.qSp.map((nq, d) => ctx.let(ix.coord(r, qStrides[d]!, nq), 'q')) };
}

/**
 * Gather output row (n, q)'s patch into `buf` from `base`: entry ((gb·G + g)·KS + k)·Cg + c for
 * batch group gb, feature group g, kernel tap k (flat) and feature c of the group.
 */
function gatherPatch(ctx: KernelContext, g: Geometry, buf: Buf, base: Exp, n: Exp, q: Exp[], dtype: DType): void {
  const zero = constant(0, dtype);
  const contiguous = g.lStr[1] === 1 && dtype === g.lhsDtype && g.Cg >= 8;
  ctx.loop(0, g.B * g.G, (blk) => {
    const gb = g.G > 1 ? i32(0) : blk;
    const grp = g.G > 1 ? blk : i32(0);
    const lbase = ctx.let(ix.add(ix.mul(ix.add(ix.mul(gb, g.Nb), n), g.lStr[0]!), ix.mul(ix.mul(grp, g.Cg), g.lStr[1]!)), 'lb');
    const pbase = ctx.let(ix.add(base, ix.mul(blk, g.KS * g.Cg)), 'pb');
    // Nested loops over the kernel taps: the input offset and validity accumulate per dimension.
    const taps = (d: number, kflat: Exp, off: Exp, valid: Exp | null): void => {
      if (d === g.S) {
        const at = ctx.let(ix.add(pbase, ix.mul(kflat, g.Cg)), 'at');
        // Contiguous features of the operand's own dtype (NHWC) are one byte copy per tap.
        const bytes = (b: Exp, i: Exp) => alu('add', b, alu('mul', cast(i, float64), constant(dtype.itemsize, float64)));
        const fill = contiguous
          ? () => ctx.copy(bytes(offsetOf(buf), at), bytes(ctx.inputOffset(0), off), g.Cg * dtype.itemsize)
          : () => ctx.loop(0, g.Cg, (c) => ctx.store(buf, ix.add(at, c), cast(ctx.read(0, ix.add(off, ix.mul(c, g.lStr[1]!))), dtype)), 'c');
        const zeros = contiguous ? () => ctx.fill(bytes(offsetOf(buf), at), dtype, g.Cg, 0) : () => ctx.loop(0, g.Cg, (c) => ctx.store(buf, ix.add(at, c), zero), 'c');
        if (valid) ctx.if(valid, fill, zeros);
        else fill();
        return;
      }
      ctx.loop(0, g.kSp[d]!, (k) => {
        const i = ctx.let(load(g.tabs[d]!, ix.add(ix.mul(q[d]!, g.kSp[d]!), k)), 'ii');
        const ok = alu('ge', i, i32(0));
        taps(d + 1, ix.add(ix.mul(kflat, g.kSp[d]!), k), ctx.let(ix.add(off, ix.mul(i, g.lStr[2 + d]!)), 'off'), valid ? alu('and', valid, ok) : ok);
      }, 'k');
    };
    taps(0, i32(0), lbase, null);
  }, 'blk');
}

/** The conv_general_dilated kernel for one equation. */
export function convKernel(ctx: KernelContext, info: LowerInfo<ConvParams>): void {
  const y = info.outAvals[0]!;
  if (y.size === 0) return;
  const g = geometry(info);
  const L = g.KS * g.Cg;
  const acc = y.dtype.kind === 'f' ? float64 : y.dtype;
  if (L === 0) {
    ctx.loop(0, y.size, (i) => ctx.write(0, i, constant(0, y.dtype)), 'i');
    return;
  }
  const f32 = info.inAvals.every((a) => a.dtype === float32);
  if (f32 && g.G === 1 && g.B === 1 && config.values.wasm && g.R * g.O * L >= WASM_MIN_WORK && g.R * L <= MAX_PATCH_ELEMENTS) convIm2col(ctx, g, L);
  else convDirect(ctx, g, L, acc);
}

/** Every row's patch (float32) times the kernel packed as an [L, O] matrix, by the SIMD matmul; rows split across devices. */
function convIm2col(ctx: KernelContext, g: Geometry, L: number): void {
  const { R, O } = g;
  const { lo, hi } = ctx.splitRows(R, R * O * L);
  const w = ctx.scratch(float32, L * O);
  const packed = ctx.scratch(float32, matmulScratchFloats(L, O));
  // w[(k·C + c)·O + o] = rhs[o, c, k]: the patch's column order. Every part packs it (same values).
  packKernel(ctx, g, (o, c, k) => ctx.store(w, ix.add(ix.mul(ix.add(ix.mul(k, g.Cg), c), O), o), ctx.read(1, kernelAt(g, o, c, k))));
  // A 1×1 window over every position of a (batch, spatial..., feature) row-major lhs: the patches are the lhs itself.
  const qStrides = stridesOf(g.qSp);
  const identity = g.KS === 1 && g.tabs.every((t) => t.data!.every((v, i) => v === i)) && g.lStr[1] === 1 && g.lStr[0] === sizeOf(g.qSp) * g.C && qStrides.every((s, d) => g.lStr[2 + d] === s * g.C);
  let a: Exp;
  if (identity) a = ctx.inputOffset(0);
  else {
    const patches = ctx.scratch(float32, R * L);
    ctx.loop(lo, hi, (r) => {
      const { n, q } = rowCoords(ctx, g, r);
      gatherPatch(ctx, g, patches, ix.mul(r, L), n, q, float32);
    }, 'r');
    a = offsetOf(patches);
  }
  // The output is the [R, O] product itself when its layout is (batch, spatial..., feature) row-major.
  const direct = g.oStr[1] === 1 && g.oStr[0] === sizeOf(g.qSp) * O && qStrides.every((s, d) => g.oStr[2 + d] === s * O);
  const c = direct ? null : ctx.scratch(float32, R * O);
  ctx.extern({ bytes: matmulModule(L, O), imports: [] }, [a, offsetOf(w), c ? offsetOf(c) : ctx.outputOffset(0), offsetOf(packed), lo, hi]);
  if (c)
    ctx.loop(lo, hi, (r) => {
      const { n, q } = rowCoords(ctx, g, r);
      const ob = ctx.let(outBase(g, n, q), 'ob');
      ctx.loop(0, O, (o) => ctx.write(0, ix.add(ob, ix.mul(o, g.oStr[1]!)), load(c, ix.add(ix.mul(r, O), o))), 'o');
    }, 'r');
}

/** One patch at a time (float64 or the integer dtype), dotted with the packed kernel, four output features at once when the groups allow. */
function convDirect(ctx: KernelContext, g: Geometry, L: number, acc: DType): void {
  const { R, O, G, B } = g;
  // A patch region per row lets rows split across devices (each part writes only its rows').
  const perRow = R * B * G * L <= MAX_PATCH_ELEMENTS;
  const patch = ctx.scratch(acc, (perRow ? R : 1) * B * G * L);
  const { lo, hi } = perRow ? ctx.splitRows(R, R * O * L) : { lo: i32(0), hi: i32(R) };
  // w[o·L + k·Cg + c] = rhs[o, c, k]
  const w = ctx.scratch(acc, O * L);
  packKernel(ctx, g, (o, c, k) => ctx.store(w, ix.add(ix.mul(o, L), ix.add(ix.mul(k, g.Cg), c)), cast(ctx.read(1, kernelAt(g, o, c, k)), acc)));
  const [perG, perB] = [O / G, O / B];
  const block = perG % 4 === 0 && perB % 4 === 0 ? 4 : 1;
  const lanes = Array.from({ length: block }, (_, u) => u);
  ctx.loop(lo, hi, (r) => {
    const { n, q } = rowCoords(ctx, g, r);
    const base = ctx.let(perRow ? ix.mul(r, B * G * L) : i32(0), 'base');
    gatherPatch(ctx, g, patch, base, n, q, acc);
    const ob = ctx.let(outBase(g, n, q), 'ob');
    ctx.loop(0, O, (o) => {
      // Output feature o reads feature group o / (O/G) or batch group o / (O/B) of the patch.
      const blk = G > 1 ? ix.div(o, perG) : B > 1 ? ix.div(o, perB) : i32(0);
      const pb = ctx.let(ix.add(base, ix.mul(blk, L)), 'pb');
      const sums = lanes.map(() => ctx.local(constant(0, acc), 's'));
      const wb = lanes.map((u) => ctx.let(ix.mul(ix.add(o, u), L), 'wb'));
      ctx.loop(0, L, (j) => {
        const x = ctx.let(load(patch, ix.add(pb, j)), 'x');
        lanes.forEach((u) => ctx.assign(sums[u]!, alu('add', sums[u]!.ref, alu('mul', x, load(w, ix.add(wb[u]!, j))))));
      }, 'j');
      lanes.forEach((u) => ctx.write(0, ix.add(ob, ix.mul(ix.add(o, u), g.oStr[1]!)), sums[u]!.ref));
    }, 'o', block);
  }, 'r');
}

/** Loops over the kernel's (output feature, input feature, flat tap). */
function packKernel(ctx: KernelContext, g: Geometry, body: (o: Exp, c: Exp, k: Exp) => void): void {
  ctx.loop(0, g.O, (o) => ctx.loop(0, g.Cg, (c) => ctx.loop(0, g.KS, (k) => body(o, c, k), 'k'), 'c'), 'o');
}

/** The rhs flat index of (o, c, flat tap k). */
function kernelAt(g: Geometry, o: Exp, c: Exp, k: Exp): Exp {
  const kStrides = stridesOf(g.kSp);
  const taps = g.kSp.map((K, d) => ix.mul(ix.coord(k, kStrides[d]!, K), g.rStr[2 + d]!));
  return taps.reduce((s, t) => ix.add(s, t), ix.add(ix.mul(o, g.rStr[0]!), ix.mul(c, g.rStr[1]!)));
}

/** The output flat index of (n, feature 0, q). */
function outBase(g: Geometry, n: Exp, q: Exp[]): Exp {
  return q.reduce((s, qd, d) => ix.add(s, ix.mul(qd, g.oStr[2 + d]!)), ix.mul(n, g.oStr[0]!));
}
