// dot_general: contraction over dimension lists with batch dimensions, and its rules.
import type { Array } from '../core/array.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { offsetTable, sizeOf, stridesOf } from '../core/shape.js';
import { bind1 } from '../core/trace.js';
import { add } from './elementwise.js';
import { moveAxis, transpose } from './structural.js';
import type { KernelContext } from '../compiler/lowering.js';
import { matmulModule } from '../compiler/wasm/matmul.js';
import { instantiateRun } from '../compiler/wasm/encode.js';
import { config } from '../core/config.js';

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
      return [transpose(g, inversePerm(perm)), null];
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
    return [null, transpose(g, inversePerm(perm))];
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
  lower: {
    kind: 'kernel',
    emit(ctx, { inAvals: [l, r], params: { contracting: [lc, rc], batch: [lb, rb] } }) {
      // Plain 2-D matmul: a register-blocked kernel over a transposed copy of the right operand.
      if (l!.ndim === 2 && r!.ndim === 2 && lb.length === 0 && lc[0] === 1 && rc[0] === 0) {
        const [M, K, N] = [l!.shape[0]!, l!.shape[1]!, r!.shape[1]!];
        const f32 = l!.dtype.name === 'float32' && r!.dtype.name === 'float32';
        // Small products stay JS: compiling a module costs more than they take (same bits).
        return f32 && config.values.wasm && M * K * N >= WASM_MIN_WORK ? matmulWasmKernel(ctx, M, K, N) : matmulKernel(ctx, M, K, N);
      }
      const ls = stridesOf(l!.shape);
      const rs = stridesOf(r!.shape);
      const lf = freeDims(l!.ndim, lc, lb);
      const rf = freeDims(r!.ndim, rc, rb);
      const nB = sizeOf(lb.map((d) => l!.shape[d]!));
      const nI = sizeOf(lf.map((d) => l!.shape[d]!));
      const nJ = sizeOf(rf.map((d) => r!.shape[d]!));
      const nK = sizeOf(lc.map((d) => l!.shape[d]!));
      const table = (shape: readonly number[], strides: number[], dims: number[]) => {
        const t = offsetTable(shape, dims, strides);
        const contiguous = t.every((v, i) => v === i);
        if (contiguous) return (idx: string) => idx;
        const name = ctx.fresh('T');
        ctx.prelude(`const ${name} = new Int32Array(${JSON.stringify(t)});`);
        return (idx: string) => `${name}[${idx}]`;
      };
      const LB = table(l!.shape, ls, lb);
      const LF = table(l!.shape, ls, lf);
      const LC = table(l!.shape, ls, lc);
      const RB = table(r!.shape, rs, rb);
      const RC = table(r!.shape, rs, rc);
      const RF = table(r!.shape, rs, rf);
      const acc = ctx.fresh('acc');
      ctx.prelude(`const ${acc} = new Float64Array(${Math.max(nJ, 1)});`);
      const [b, i, k, j, lo, ro, a] = ['b', 'i', 'k', 'j', 'lo', 'ro', 'a'].map((s) => ctx.fresh(s));
      return [
        `for (let ${b} = 0; ${b} < ${nB}; ${b}++) for (let ${i} = 0; ${i} < ${nI}; ${i}++) {`,
        `  const ${lo} = ${LB(b)} + ${LF(i)};`,
        `  ${acc}.fill(0);`,
        `  for (let ${k} = 0; ${k} < ${nK}; ${k}++) {`,
        `    const ${a} = ${ctx.input(0, `${lo} + ${LC(k)}`)};`,
        `    const ${ro} = ${RB(b)} + ${RC(k)};`,
        `    for (let ${j} = 0; ${j} < ${nJ}; ${j}++) ${acc}[${j}] += ${a} * ${ctx.input(1, `${ro} + ${RF(j)}`)};`,
        '  }',
        `  for (let ${j} = 0; ${j} < ${nJ}; ${j}++) ${ctx.store(0, `(${b} * ${nI} + ${i}) * ${nJ} + ${j}`, `${acc}[${j}]`)}`,
        '}',
      ].join('\n');
    },
  },
});

const WASM_MIN_WORK = 8192;

/** The same product as matmulKernel, bit for bit, in WebAssembly SIMD (float32 operands). */
function matmulWasmKernel(ctx: KernelContext, M: number, K: number, N: number): string {
  const name = ctx.fresh('mm');
  ctx.prelude(`const ${name} = ${instantiateRun(matmulModule(M, K, N))};`);
  const s = ctx.scratch(K * N * 8);
  // Row ranges may run on several devices; each widens B itself (the same values, so the
  // concurrent writes to the shared scratch agree).
  const { lo, hi } = ctx.splitRows(M, M * N * K);
  return `${name}(${ctx.inputOffset(0)}, ${ctx.inputOffset(1)}, ${ctx.outputOffset(0)}, ${s}, ${lo}, ${hi});`;
}

/**
 * C[M,N] = A[M,K] · B[K,N]: B is packed transposed into float64 scratch so both operands are read
 * along K, and 4×4 blocks of C accumulate in locals (16 multiply-adds per 8 loads).
 */
function matmulKernel(ctx: KernelContext, M: number, K: number, N: number): string {
  const bt = ctx.scratch(K * N * 8);
  const [i, j, k, p, s] = ['i', 'j', 'k', 'p', 's'].map((x) => ctx.fresh(x));
  const a = (row: string, kk: string) => ctx.input(0, `(${row}) * ${K} + ${kk}`);
  const b = (col: string, kk: string) => `f64[(${bt} >>> 3) + (${col}) * ${K} + ${kk}]`;
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  const acc = [0, 1, 2, 3].flatMap((r) => [0, 1, 2, 3].map((c) => `c${r}${c}`));
  const lines = [
    `for (let ${k} = 0; ${k} < ${K}; ${k}++) for (let ${j} = 0; ${j} < ${N}; ${j}++) ${b(j, k)} = ${ctx.input(1, `${k} * ${N} + ${j}`)};`,
    `for (let ${i} = 0; ${i} < ${M4}; ${i} += 4) for (let ${j} = 0; ${j} < ${N4}; ${j} += 4) {`,
    `  let ${acc.join(' = 0, ')} = 0;`,
    `  for (let ${k} = 0; ${k} < ${K}; ${k}++) {`,
    `    const a0 = ${a(i, k)}, a1 = ${a(`${i} + 1`, k)}, a2 = ${a(`${i} + 2`, k)}, a3 = ${a(`${i} + 3`, k)};`,
    `    const b0 = ${b(j, k)}, b1 = ${b(`${j} + 1`, k)}, b2 = ${b(`${j} + 2`, k)}, b3 = ${b(`${j} + 3`, k)};`,
    ...[0, 1, 2, 3].map((r) => `    ${[0, 1, 2, 3].map((c) => `c${r}${c} += a${r} * b${c};`).join(' ')}`),
    '  }',
    ...[0, 1, 2, 3].flatMap((r) => [0, 1, 2, 3].map((c) => `  ${ctx.store(0, `(${i} + ${r}) * ${N} + ${j} + ${c}`, `c${r}${c}`)}`)),
    '}',
    // Edges: the rows and columns the 4×4 blocks did not cover.
    `for (let ${i} = 0; ${i} < ${M}; ${i}++) for (let ${j} = ${i} < ${M4} ? ${N4} : 0; ${j} < ${N}; ${j}++) {`,
    `  let ${s} = 0;`,
    `  for (let ${p} = 0; ${p} < ${K}; ${p}++) ${s} += ${a(i, p)} * ${b(j, p)};`,
    `  ${ctx.store(0, `${i} * ${N} + ${j}`, s)}`,
    '}',
  ];
  return lines.join('\n');
}

function inversePerm(p: number[]): number[] {
  const inv = new globalThis.Array<number>(p.length);
  p.forEach((v, i) => (inv[v] = i));
  return inv;
}

export function dotGeneral(l: Array, r: Array, p: DotParams): Array {
  return bind1(dotGeneralP, [l, r], { contracting: [[...p.contracting[0]], [...p.contracting[1]]], batch: [[...p.batch[0]], [...p.batch[1]]] });
}
