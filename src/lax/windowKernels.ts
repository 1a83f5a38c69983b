// The IR kernels of the windowed reductions: per spatial dimension a constant table gives, for
// output coordinate q and window tap k, the operand coordinate q·stride − padLow + k·windowDilation
// undone by the base dilation, or −1 where that is padding or a dilation hole (skipped, as XLA's
// ReduceWindow skips them). Reductions accumulate floats in float64; the select kernels find each
// window's first maximum (minimum) in window order, as XLA's select with `ge` (`le`) does.
import type { KernelContext, KernelLowering } from '../compiler/lowering.js';
import type { ShapedArray } from '../core/aval.js';
import { type DType, float64 } from '../core/dtypes.js';
import { sizeOf, stridesOf } from '../core/shape.js';
import { alu, type Buf, cast, constant, type Exp, i32, ix, load, table } from '../ir/exp.js';
import type { Params } from '../core/primitive.js';

/** A windowed reduction's parameters, resolved: one entry per operand dimension. */
export interface WindowParams extends Params {
  windowDimensions: number[];
  windowStrides: number[];
  padding: [number, number][];
  baseDilation: number[];
  windowDilation: number[];
}

/** Per dimension, the operand coordinate of (output q, tap k) at q·K + k, or −1. */
function tapTables(operand: readonly number[], out: readonly number[], p: WindowParams): Buf[] {
  return out.map((nq, d) => {
    const [s, lo, wd, bd, n, K] = [p.windowStrides[d]!, p.padding[d]![0], p.windowDilation[d]!, p.baseDilation[d]!, operand[d]!, p.windowDimensions[d]!];
    const t: number[] = [];
    for (let q = 0; q < nq; q++)
      for (let k = 0; k < K; k++) {
        const pos = q * s - lo + k * wd;
        t.push(pos >= 0 && pos % bd === 0 && pos / bd < n ? pos / bd : -1);
      }
    return table(t.length ? t : [-1]);
  });
}

/**
 * For output elements [lo, hi) of `out`: `begin()` once, `tap(flatOperandIndex)` for each window
 * position inside the operand, in window order, then `end(r)`.
 */
function eachWindow(ctx: KernelContext, operand: ShapedArray, out: ShapedArray, p: WindowParams, lo: Exp | number, hi: Exp | number, visit: { begin(): void; tap(at: Exp): void; end(r: Exp): void }): void {
  const tabs = tapTables(operand.shape, out.shape, p);
  const [oStr, xStr] = [stridesOf(out.shape), stridesOf(operand.shape)];
  ctx.loop(lo, hi, (r) => {
    const q = out.shape.map((n, d) => ctx.let(ix.coord(r, oStr[d]!, n), 'q'));
    visit.begin();
    const taps = (d: number, off: Exp, valid: Exp | null): void => {
      if (d === out.ndim) {
        if (valid) ctx.if(valid, () => visit.tap(off));
        else visit.tap(off);
        return;
      }
      ctx.loop(0, p.windowDimensions[d]!, (k) => {
        const i = ctx.let(load(tabs[d]!, ix.add(ix.mul(q[d]!, p.windowDimensions[d]!), k)), 'ii');
        const ok = alu('ge', i, i32(0));
        taps(d + 1, ctx.let(ix.add(off, ix.mul(i, xStr[d]!)), 'off'), valid ? alu('and', valid, ok) : ok);
      }, 'k');
    };
    taps(0, i32(0), null);
    visit.end(r);
  }, 'r');
}

const accType = (d: DType) => (d.kind === 'f' ? float64 : d);

/** reduce_window_{sum,max,min}: each window's reduction from the monoid's identity `init`. */
export function reduceWindowKernel(init: number, combine: (acc: Exp, x: Exp) => Exp): KernelLowering<WindowParams> {
  return {
    kind: 'kernel',
    build(ctx, { inAvals: [x], outAvals: [y], params }) {
      if (y!.size === 0) return;
      const d = accType(y!.dtype);
      const { lo, hi } = ctx.splitRows(y!.size, y!.size * sizeOf(params.windowDimensions));
      let acc: ReturnType<KernelContext['local']>;
      eachWindow(ctx, x!, y!, params, lo, hi, {
        begin: () => (acc = ctx.local(constant(init, d), 'acc')),
        tap: (at) => ctx.assign(acc, combine(acc.ref, cast(ctx.read(0, at), d))),
        end: (r) => ctx.write(0, r, acc.ref),
      });
    },
  };
}

/** Whether x replaces the selected value: XLA's select(current, x) = current ≥ x (≤ for min) fails (NaN on either side replaces). */
const replaces = (which: 'max' | 'min', best: Exp, x: Exp) => alu('not', alu(which === 'max' ? 'ge' : 'le', best, x));

/** Each window's selected position (flat operand index; −1 for a window of padding only) handed to `end`. */
function selectWindows(ctx: KernelContext, x: ShapedArray, out: ShapedArray, p: WindowParams, which: 'max' | 'min', lo: Exp | number, hi: Exp | number, operandInput: number, end: (r: Exp, pos: Exp) => void): void {
  const d = accType(x.dtype);
  let best: ReturnType<KernelContext['local']>;
  let pos: ReturnType<KernelContext['local']>;
  eachWindow(ctx, x, out, p, lo, hi, {
    begin: () => {
      best = ctx.local(constant(0, d), 'best');
      pos = ctx.local(i32(-1), 'pos');
    },
    tap: (at) => {
      const v = ctx.let(cast(ctx.read(operandInput, at), d), 'v');
      ctx.if(alu('or', alu('lt', pos.ref, i32(0)), replaces(which, best.ref, v)), () => {
        ctx.assign(best, v);
        ctx.assign(pos, at);
      });
    },
    end: (r) => end(r, pos.ref),
  });
}

/** select_and_gather_add(t, x): per window, t at x's selected position (0 for a window of padding only). */
export function selectGatherKernel(): KernelLowering<WindowParams & { select: 'max' | 'min' }> {
  return {
    kind: 'kernel',
    build(ctx, { inAvals: [, x], outAvals: [y], params }) {
      if (y!.size === 0) return;
      const { lo, hi } = ctx.splitRows(y!.size, y!.size * sizeOf(params.windowDimensions));
      selectWindows(ctx, x!, y!, params, params.select, lo, hi, 1, (r, pos) => {
        const p = ctx.let(pos, 'sel');
        ctx.if(alu('ge', p, i32(0)), () => ctx.write(0, r, ctx.read(0, p)), () => ctx.write(0, r, constant(0, y!.dtype)));
      });
    },
  };
}

/** select_and_scatter_add(ct, x): zeros shaped like x, each window's cotangent added at x's selected position. */
export function selectScatterKernel(): KernelLowering<WindowParams & { select: 'max' | 'min' }> {
  return {
    kind: 'kernel',
    build(ctx, { inAvals: [ct, x], outAvals: [y], params }) {
      if (y!.size === 0) return;
      const d = accType(y!.dtype);
      // Accumulate in float64 scratch (several windows may select one position), then store once.
      const acc = ctx.scratch(d, y!.size);
      ctx.loop(0, y!.size, (i) => ctx.store(acc, i, constant(0, d)), 'i');
      selectWindows(ctx, x!, ct!, params, params.select, 0, ct!.size, 1, (r, pos) => {
        const p = ctx.let(pos, 'sel');
        ctx.if(alu('ge', p, i32(0)), () => ctx.store(acc, p, alu('add', load(acc, p), cast(ctx.read(0, r), d))));
      });
      ctx.loop(0, y!.size, (i) => ctx.write(0, i, load(acc, i)), 'i');
    },
  };
}
