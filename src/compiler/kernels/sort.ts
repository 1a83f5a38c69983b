// sort's kernel in IR: a stable bottom-up merge sort of each row's positions along the sorted
// dimension (int32 permutations ping-ponging between two scratch buffers, one region per row, so
// rows split across devices write disjoint parts), comparing the key operands lexicographically
// with JAX's order (NaN after every number; -0 equal to +0), then every operand gathered by the
// permutation. The passes are unrolled at compile time: ceil(log2 n) loops of constant step.
import { bool, int32 } from '../../core/dtypes.js';
import { sizeOf } from '../../core/shape.js';
import { alu, type Buf, constant, type Exp, ix, load } from '../../ir/exp.js';
import type { SortParams } from '../../lax/sort.js';
import type { KernelContext, LowerInfo } from '../lowering.js';

/** The sort kernel for one equation. */
export function sortKernel(ctx: KernelContext, { inAvals, params: { dimension, numKeys } }: LowerInfo<SortParams>): void {
  const shape = inAvals[0]!.shape;
  const [outer, n, inner] = [sizeOf(shape.slice(0, dimension)), shape[dimension]!, sizeOf(shape.slice(dimension + 1))];
  const rows = outer * inner;
  if (rows === 0 || n === 0) return;
  const passes = Math.ceil(Math.log2(n));
  const { lo, hi } = ctx.splitRows(rows, rows * n * Math.max(1, passes) * (numKeys + inAvals.length));
  const bufs: Buf[] = [ctx.scratch(int32, rows * n), ctx.scratch(int32, rows * n)];
  ctx.loop(lo, hi, (r) => {
    // Element k of row r is at o·n·inner + k·inner + j.
    const first = ctx.let(ix.add(ix.mul(ix.div(r, inner), n * inner), ix.rem(r, inner)), 'first');
    const at = (k: Exp) => ix.add(first, ix.mul(k, inner));
    const base = ctx.let(ix.mul(r, n), 'row');
    ctx.loop(0, n, (k) => ctx.store(bufs[0]!, ix.add(base, k), k), 'k');
    // Whether position p's keys come strictly before position q's.
    const before = (p: Exp, q: Exp): Exp => {
      const keys = Array.from({ length: numKeys }, (_, key) => [ctx.let(ctx.read(key, at(p)), 'a'), ctx.let(ctx.read(key, at(q)), 'b')] as const);
      return keys.reduceRight<Exp | undefined>((rest, [a, b]) => {
        const float = a.dtype.kind === 'f';
        const lt = float ? alu('or', alu('lt', a, b), alu('and', alu('ne', b, b), alu('eq', a, a))) : alu('lt', a, b);
        if (!rest) return lt;
        const eq = float ? alu('or', alu('eq', a, b), alu('and', alu('ne', a, a), alu('ne', b, b))) : alu('eq', a, b);
        return alu('or', lt, alu('and', eq, rest));
      }, undefined)!;
    };
    for (let pass = 0; pass < passes; pass++) {
      const width = 2 ** pass;
      const [src, dst] = [bufs[pass % 2]!, bufs[(pass + 1) % 2]!];
      ctx.loop(0, n, (start) => {
        const mid = ctx.let(ix.min(ix.add(start, width), n), 'mid');
        const end = ctx.let(ix.min(ix.add(start, 2 * width), n), 'end');
        const i = ctx.local(start, 'i');
        const j = ctx.local(mid, 'j');
        ctx.loop(start, end, (k) => {
          const right = ctx.local(constant(false, bool), 'right');
          ctx.if(
            alu('lt', j.ref, end),
            () =>
              ctx.if(
                alu('ge', i.ref, mid),
                () => ctx.assign(right, constant(true, bool)),
                // Stability: the right run's element goes first only when strictly before.
                () => ctx.assign(right, before(load(src, ix.add(base, j.ref)), load(src, ix.add(base, i.ref)))),
              ),
          );
          const take = (from: typeof i) => () => {
            ctx.store(dst, ix.add(base, k), load(src, ix.add(base, from.ref)));
            ctx.assign(from, ix.add(from.ref, 1));
          };
          ctx.if(right.ref, take(j), take(i));
        }, 'k');
      }, 's', 2 * width);
    }
    const perm = bufs[passes % 2]!;
    ctx.loop(0, n, (k) => {
      const from = ctx.let(at(load(perm, ix.add(base, k))), 'from');
      const to = ctx.let(at(k), 'to');
      inAvals.forEach((_, q) => ctx.write(q, to, ctx.read(q, from)));
    }, 'k');
  }, 'r');
}
