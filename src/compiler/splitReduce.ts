// Intra-op parallelism for reductions. A program whose first step is one large reduction of its
// inputs may split the reduced positions across devices (CompiledProgram.splitReduce): each part
// accumulates positions [LO, HI) of every output into its own block of partial accumulators
// (doubles); the last part to finish, counted atomically in scratch, combines the blocks in part
// order and runs the rest of the program on the result. Nobody waits for the combine: the host's
// join (OP_WAIT on the primary queue) already follows every part.
import { float64, int32 } from '../core/dtypes.js';
import { alu, atomicAdd, Buf, cast, constant, i32, ix, load } from '../ir/exp.js';
import { Builder, type Stmt } from '../ir/kernel.js';
import type { ReduceNest } from './fusion.js';
import { PARAMS } from './params.js';
import { SPLIT_THRESHOLD } from './program.js';

/** Each output reduces at least this many elements, so combining partials (outSize × parts steps) costs little against the reduction. */
const MIN_REDUCED = 1024;

/** Whether a reduction is large enough to split. */
export function worthSplitting(r: ReduceNest): boolean {
  return r.outSize * r.redSize >= SPLIT_THRESHOLD && r.redSize >= MIN_REDUCED;
}

/**
 * The split form of a reduction step: `counter` (an int32 of finished parts, zeroed before a split
 * launch) and `blocks` (part 0's partial accumulators; further parts' follow) are scratch buffers
 * the caller places.
 */
export function splitReduceStep(r: ReduceNest, counter: Buf, blocks: Buf): Stmt[] {
  const b = new Builder();
  const { LO, HI, PART, NPARTS } = PARAMS;
  const lo = b.let(ix.max(LO.ref, 0), 'lo');
  const hi = b.let(ix.min(HI.ref, r.redSize), 'hi');
  r.nest(b, lo, hi, (o, acc) => b.store(blocks, ix.add(ix.mul(PART.ref, r.outSize), o), cast(acc, float64)));
  // The atomic add orders this part's block before the count the last part reads.
  const last = ix.sub(NPARTS.ref, 1);
  b.if(alu('gt', NPARTS.ref, i32(1)), () => {
    const done = b.let(atomicAdd(counter, 0, 1), 'done');
    b.if(alu('ne', done, last), () => b.return());
  });
  b.loop(
    0,
    r.outSize,
    (o) => {
      const acc = b.local(constant(r.init, r.accDtype));
      b.loop(0, NPARTS.ref, (k) => b.assign(acc, r.combine(acc.ref, cast(load(blocks, ix.add(ix.mul(k, r.outSize), o)), r.accDtype))), 'k');
      r.finish(b, o, acc.ref);
    },
    'out',
  );
  return b.stmts;
}

/** Scratch buffers for a split reduction placed at byte `at`: the part count, then part 0's block. */
export function splitReduceBufs(r: ReduceNest): { counter: Buf; blocks: Buf; partBytes: number } {
  return { counter: new Buf(int32, 2, 'count'), blocks: new Buf(float64, r.outSize, 'P'), partBytes: r.outSize * 8 };
}
