// Intra-op parallelism for reductions. A program whose first step is one large reduction of its
// inputs may split the reduced positions across devices (CompiledProgram.splitReduce): each part
// accumulates positions [LO, HI) of every output into its own block of partial accumulators
// (doubles, like the accumulators themselves); the last part to finish, counted atomically in
// scratch, combines the blocks in part order with the reduction's step and runs the rest of the
// program on the result. Nobody waits for the combine: the host's join (OP_WAIT on the primary
// queue) already follows every part.
import { SPLIT_THRESHOLD } from './program.js';

/** A reduction step in the pieces the compiler re-emits to split it. */
export interface SplittableReduce {
  outSize: number;
  /** Elements reduced into each output. */
  redSize: number;
  /** Initial accumulator (a JS expression). */
  init: string;
  /** Accumulate `x` into `acc` (also combines two accumulators, see ReduceLowering.combines). */
  step(acc: string, x: string, k: string): string;
  /** The loop nest accumulating reduced positions [lo, hi) of every output; `done(o, acc)` takes output o's accumulator. */
  nest(lo: string, hi: string, done: (o: string, acc: string) => string): string[];
  /** Statement writing output `o` from its final accumulator. */
  store(o: string, acc: string): string;
}

/** Each output reduces at least this many elements, so combining partials (outSize × parts steps) costs little against the reduction. */
const MIN_REDUCED = 1024;

export function worthSplitting(r: SplittableReduce): boolean {
  return r.outSize * r.redSize >= SPLIT_THRESHOLD && r.redSize >= MIN_REDUCED;
}

/**
 * The split form of a reduction step (the program declares LO, HI, PART, NPARTS). Scratch from
 * byte `at` holds the count of finished parts, then part 0's block; further blocks follow.
 */
export function splitReduceStep(r: SplittableReduce, at: number, fresh: (prefix: string) => string): { code: string[]; partBytes: number; end: number } {
  // Prefixes that cannot spell a buffer name (o<id>, b<id>) or a heap view (u8, i32, f32, f64).
  const [blocks, lo, hi, o, k, acc, x] = ['P', 'lo', 'hi', 'out', 'k', 'acc', 'x'].map(fresh) as [string, string, string, string, string, string, string];
  const partBytes = r.outSize * 8;
  const code = [
    `const ${blocks} = (S + ${at + 8}) >>> 3;`,
    // Int32 bounds clamped to the reduced range let V8 keep the index arithmetic in int32
    // (the raw args made the loop about 25% slower).
    `const ${lo} = Math.max(LO | 0, 0), ${hi} = Math.min(HI | 0, ${r.redSize});`,
    ...r.nest(lo, hi, (oo, a) => `f64[${blocks} + PART * ${r.outSize} + ${oo}] = ${a};`),
    // Atomics.add orders this part's block before the count the last part reads.
    `if (NPARTS > 1 && Atomics.add(i32, (S + ${at}) >>> 2, 1) !== NPARTS - 1) return;`,
    `for (let ${o} = 0; ${o} < ${r.outSize}; ${o}++) {`,
    `  let ${acc} = ${r.init};`,
    `  for (let ${k} = 0; ${k} < NPARTS; ${k}++) {`,
    `    const ${x} = f64[${blocks} + ${k} * ${r.outSize} + ${o}];`,
    `    ${r.step(acc, x, k)}`,
    '  }',
    `  ${r.store(o, acc)}`,
    '}',
  ];
  return { code, partBytes, end: at + 8 + partBytes };
}
