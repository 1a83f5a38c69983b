// dot_general: contraction over dimension lists with batch dimensions, and its rules.
import type { Array } from '../core/array.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { bind1 } from '../core/trace.js';
import { add, sub } from './elementwise.js';
import { asPlanes, planes } from './complexPlanes.js';
import { moveAxis, transpose } from './structural.js';

export interface DotParams extends Params {
  /** [lhs contracting dims, rhs contracting dims] */
  contracting: [number[], number[]];
  /** [lhs batch dims, rhs batch dims] */
  batch: [number[], number[]];
}

const range = (n: number) => globalThis.Array.from({ length: n }, (_, i) => i);
const freeDims = (ndim: number, c: number[], b: number[]) => range(ndim).filter((d) => !c.includes(d) && !b.includes(d));

export const dotGeneralP: Primitive<DotParams> = definePrimitive<DotParams>('dot_general', {
  abstractEval: ([l, r], { contracting: [lc, rc], batch: [lb, rb] }) => {
    if (l!.dtype !== r!.dtype) throw new DtypeError(`dot_general needs equal dtypes, got ${l!.dtype.name} and ${r!.dtype.name}.`);
    if (lc.length !== rc.length || lb.length !== rb.length) throw new ShapeError('dot_general: contracting and batch dimension lists must pair up.');
    lc.forEach((d, k) => {
      if (l!.shape[d] !== r!.shape[rc[k]!]) throw new ShapeError(`dot_general: contracting dimension ${d} of ${l!.str()} does not match dimension ${rc[k]} of ${r!.str()}.`);
    });
    lb.forEach((d, k) => {
      if (l!.shape[d] !== r!.shape[rb[k]!]) throw new ShapeError(`dot_general: batch dimension ${d} of ${l!.str()} does not match dimension ${rb[k]} of ${r!.str()}.`);
    });
    const shape = [...lb.map((d) => l!.shape[d]!), ...freeDims(l!.ndim, lc, lb).map((d) => l!.shape[d]!), ...freeDims(r!.ndim, rc, rb).map((d) => r!.shape[d]!)];
    return [l!.update({ shape, weakType: l!.weakType && r!.weakType })];
  },
  jvp: ([l, r], [tl, tr], p) => [[dotGeneral(l!, r!, p)], [add(dotGeneral(tl!, r!, p), dotGeneral(l!, tr!, p))]],
  transpose: ([ct], [l, r], p) => {
    const [lc, rc] = p.contracting;
    const [lb, rb] = p.batch;
    const nb = lb.length;
    if (l instanceof UndefinedPrimal) {
      const rr = r as Array;
      const lf = freeDims(l.aval.ndim, lc, lb);
      const rf = freeDims(rr.ndim, rc, rb);
      const ctRf = rf.map((_, q) => nb + lf.length + q);
      const g = dotGeneral(ct!, rr, { contracting: [ctRf, rf], batch: [range(nb), rb] });
      const rcSorted = [...rc].sort((a, b) => a - b);
      const perm = range(l.aval.ndim).map((d) => {
        if (lb.includes(d)) return lb.indexOf(d);
        if (lf.includes(d)) return nb + lf.indexOf(d);
        return nb + lf.length + rcSorted.indexOf(rc[lc.indexOf(d)]!);
      });
      return [transpose(g, perm), null];
    }
    const rr = r as UndefinedPrimal;
    const ll = l as Array;
    const lf = freeDims(ll.ndim, lc, lb);
    const rf = freeDims(rr.aval.ndim, rc, rb);
    const ctLf = lf.map((_, q) => nb + q);
    const g = dotGeneral(ll, ct!, { contracting: [lf, ctLf], batch: [lb, range(nb)] });
    const lcSorted = [...lc].sort((a, b) => a - b);
    const perm = range(rr.aval.ndim).map((d) => {
      if (rb.includes(d)) return rb.indexOf(d);
      if (rf.includes(d)) return nb + lc.length + rf.indexOf(d);
      return nb + lcSorted.indexOf(lc[rc.indexOf(d)]!);
    });
    return [null, transpose(g, perm)];
  },
  batch: ([l, r], [dl, dr], p) => {
    const [lc, rc] = p.contracting;
    const [lb, rb] = p.batch;
    const shift = (ds: number[]) => ds.map((d) => d + 1);
    if (dl !== null && dr !== null) {
      const lm = moveAxis(l!, dl, 0);
      const rm = moveAxis(r!, dr, 0);
      return [[dotGeneral(lm, rm, { contracting: [shift(lc), shift(rc)], batch: [[0, ...shift(lb)], [0, ...shift(rb)]] })], [0]];
    }
    if (dl !== null) {
      const lm = moveAxis(l!, dl, 0);
      return [[dotGeneral(lm, r!, { contracting: [shift(lc), rc], batch: [shift(lb), rb] })], [lb.length]];
    }
    const rm = moveAxis(r!, dr!, 0);
    const nlf = freeDims(l!.ndim, lc, lb).length;
    return [[dotGeneral(l!, rm, { contracting: [lc, shift(rc)], batch: [lb, shift(rb)] })], [lb.length + nlf]];
  },
  // (ar + i ai)·(br + i bi) contracted: four real contractions, re = ar·br − ai·bi, im = ar·bi + ai·br.
  complex: ([l, r], p) => {
    const [a, b] = [asPlanes(l), asPlanes(r)];
    return [planes(sub(dotGeneral(a.re, b.re, p), dotGeneral(a.im, b.im, p)), add(dotGeneral(a.re, b.im, p), dotGeneral(a.im, b.re, p)))];
  },
  // The kernels (blocked JS, WebAssembly SIMD) are the compiler's: src/compiler/kernels/dot.ts.
  lower: { kind: 'builtin', kernel: 'dot_general' },
});


export function dotGeneral(l: Array, r: Array, p: DotParams): Array {
  return bind1(dotGeneralP, [l, r], { contracting: [[...p.contracting[0]], [...p.contracting[1]]], batch: [[...p.batch[0]], [...p.batch[1]]] });
}
