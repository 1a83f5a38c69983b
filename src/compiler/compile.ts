// jaxpr → worker program: fuse into IR steps (fusion.ts), place scratch buffers (memoryPlan.ts),
// decide how the program may split across devices, then render it — as one WebAssembly module
// when it is an elementwise program the backend takes, else as JavaScript.
import { dce, type Jaxpr } from '../core/jaxpr.js';
import { config } from '../core/config.js';
import { JaxpoolError } from '../core/errors.js';
import type { Buf, Exp, Sym } from '../ir/exp.js';
import { i32 } from '../ir/exp.js';
import type { Stmt } from '../ir/kernel.js';
import { type BufferUse, bufferUses, visit } from '../ir/walk.js';
import { fuse, type Fused, type Step } from './fusion.js';
import { hoistInvariants } from './hoist.js';
import { inlineCalls } from './inline.js';
import { decomposeComplex } from './complex.js';
import { inPlace } from './inPlace.js';
import { planScratch } from './memoryPlan.js';
import { PARAMS } from './params.js';
import type { CompiledProgram } from './program.js';
import { renderJs, VIEW_DECLS } from './render/js.js';
import { mergeRows } from './rows.js';
import { renderWasm, type WasmLayout } from './render/wasm.js';
import { instantiateRun } from './wasm/encode.js';
import { splitReduceBufs, splitReduceStep, worthSplitting } from './splitReduce.js';

/** A merged row program with at least this many rows splits by rows rather than by a leading reduction's positions (few rows would not balance across devices). */
const MIN_SPLIT_ROWS = 4;

/** Launched programs under this many elements stay JS: compiling a module would cost more than it saves (loop bodies take WASM at any size). */
export const WASM_MIN_ELEMENTS = 4096;

/** Compile a jaxpr; `body`: a loop body or branch, run many times per launch (worth WASM even when small). */
export function compileJaxpr(input: Jaxpr, opts: { body?: boolean } = {}): CompiledProgram {
  // Complex values become real planes before fusion: kernels compute on reals only.
  const jaxpr = dce(decomposeComplex(inlineCalls(input)));
  const fused = fuse(jaxpr, (j) => compileJaxpr(j, { body: true }));
  return assemble(fused, opts.body ? 1 : WASM_MIN_ELEMENTS);
}

function assemble(f: Fused, wasmMinElements: number): CompiledProgram {
  const nIn = f.inputs.length;
  const nOut = f.outputs.length;
  const where = new Map<Buf, { arg: number } | { scratch: number }>();
  f.inputs.forEach((b, k) => where.set(b, { arg: k }));
  f.outputs.forEach((b, k) => where.set(b, { arg: nIn + k }));
  for (const [shared, out] of inPlace(f.steps, f.shared, new Set(f.outputs))) where.set(shared, where.get(out)!);
  // Steps that are all loops over the same rows run as one row loop, split by rows (rows.ts) —
  // unless a leading reduction of few rows splits better by its reduced positions.
  const leading = f.steps[0]?.reduce;
  const merged = mergeRows(f.steps);
  const rowMerge = merged && (merged.range.n >= MIN_SPLIT_ROWS || !(leading && worthSplitting(leading))) ? merged : undefined;
  const steps: Step[] = rowMerge ? [{ kind: 'kernel', stmts: rowMerge.stmts, range: rowMerge.range, work: rowMerge.work }] : f.steps;
  const uses = steps.map((s) => bufferUses(s.stmts));
  const isScratch = (b: Buf) => !where.has(b) && !b.data;
  const plan = planScratch(
    uses.map((u) => u.keys()),
    isScratch,
  );
  for (const [b, off] of plan.offsets) where.set(b, { scratch: off });
  let top = plan.top;

  // A step that reads only program inputs (besides writing its outputs) may run as parts.
  const inputs = new Set(f.inputs);
  const outputs = new Set(f.outputs);
  const readsOnlyInputs = (u: Map<Buf, BufferUse>, also: (b: Buf) => boolean = () => false) =>
    [...u].every(([b, use]) => b.data || also(b) || (inputs.has(b) ? !use.write : outputs.has(b) && !use.read));
  // Elementwise programs of one length that read only their inputs split by element ranges.
  const n0 = steps[0]?.range?.n;
  const elementwise = n0 !== undefined && steps.every((s, k) => s.kind === 'elementwise' && s.range!.n === n0 && readsOnlyInputs(uses[k]!)) ? n0 : undefined;
  // So does a large leading reduction of the inputs, by its reduced range (splitReduce.ts).
  const red = steps[0]?.reduce;
  let splitReduce: CompiledProgram['splitReduce'];
  if (red && readsOnlyInputs(uses[0]!) && worthSplitting(red)) {
    const { counter, blocks, partBytes } = splitReduceBufs(red);
    where.set(counter, { scratch: top });
    where.set(blocks, { scratch: top + 8 });
    steps[0] = { ...steps[0]!, stmts: splitReduceStep(red, counter, blocks) };
    splitReduce = { counter: top, partBytes };
    top += 8 + partBytes;
  }
  // And a kernel that computes row ranges, when it is the only step.
  // (A merged row program writes only its rows of what it writes, so it splits too.)
  const only = steps.length === 1 && steps[0]!.kind === 'kernel' ? steps[0] : undefined;
  const rows = only?.range && (rowMerge || readsOnlyInputs(uses[0]!, (b) => f.kernelScratch.has(b))) ? only : undefined;
  for (const s of steps)
    if (s.range) {
      const split = (s.kind === 'elementwise' && elementwise !== undefined) || s === rows;
      s.range.lo.value = split ? PARAMS.LO.ref : i32(0);
      s.range.hi.value = split ? PARAMS.HI.ref : i32(s.range.n);
    }
  const splitSize = splitReduce ? red!.redSize : (elementwise ?? rows?.range!.n);

  const stmts = hoistInvariants(steps.flatMap((s) => s.stmts));
  const base = { numInputs: nIn, numOutputs: nOut, scratchBytes: top, outputs: f.outputSpecs, splitSize, splitWork: rows?.work, rowOutputs: rowMerge && rows ? true : undefined, splitReduce };
  // Elementwise programs and row programs (any index, scratch too; exp in SIMD lanes) may run as WebAssembly.
  const wasm = !config.values.wasm
    ? null
    : elementwise !== undefined && elementwise >= wasmMinElements
      ? wasmProgram(stmts, where, nIn + nOut, 'exact')
      : rowMerge && rowMerge.work >= wasmMinElements
        ? wasmProgram(stmts, where, nIn + nOut, 'exp', true)
        : null;
  if (wasm) return { ...base, ...wasm };

  const location = (b: Buf): string => {
    const w = where.get(b);
    if (!w) throw new JaxpoolError('internal: a kernel buffer has no place');
    return 'arg' in w ? `args[${w.arg}]` : `(S + ${w.scratch})`;
  };
  const names = new Map<Sym, string>(Object.values(PARAMS).map((p) => [p, p.hint]));
  const js = renderJs(stmts, location, names);
  const a = nIn + nOut;
  const header = [
    `let ${VIEW_DECLS};`,
    `const S = args[${a}];`,
    ...(splitSize !== undefined ? [`const LO = args[${a + 1}] | 0, HI = args[${a + 2}] | 0;`] : []),
    ...(splitReduce ? [`const PART = args[${a + 3}] | 0, NPARTS = args[${a + 4}] | 0;`] : []),
  ];
  return { ...base, prelude: js.prelude, body: [...header, ...js.decls, ...js.body].join('\n') };
}

/**
 * The program as one WebAssembly module, when the backend renders every op and buffer: for an
 * elementwise program (`anyIndex` false), only when every load and store is a program input or
 * output at the loop index or a constant one (a broadcast scalar); `vector`: see WasmLayout.
 */
function wasmProgram(stmts: Stmt[], where: ReadonlyMap<Buf, { arg: number } | { scratch: number }>, numArgs: number, vector: WasmLayout['vector'], anyIndex = false): Pick<CompiledProgram, 'prelude' | 'body'> | null {
  let ok = true;
  const loops = new Set<Sym>();
  visit(stmts, (s) => {
    if (s.kind === 'loop') loops.add(s.sym);
  });
  const plainIndex = (e: Exp) => anyIndex || e.value !== undefined || (e.op === 'sym' && loops.has(e.arg as Sym));
  const placed = (b: Buf) => {
    const w = where.get(b);
    return w !== undefined && (anyIndex || 'arg' in w);
  };
  visit(
    stmts,
    (s) => {
      if (s.kind === 'store' && !(placed(s.buf) && plainIndex(s.index))) ok = false;
    },
    (e) => {
      if (e.op === 'load' && !(placed(e.arg as Buf) && plainIndex(e.src[0]!))) ok = false;
    },
  );
  if (!ok) return null;
  // Parameters: input offsets, output offsets, scratch base, LO, HI.
  const params = new Map<Sym, number>([
    [PARAMS.LO, numArgs + 1],
    [PARAMS.HI, numArgs + 2],
  ]);
  const location = (b: Buf) => {
    const w = where.get(b)!;
    return 'arg' in w ? { param: w.arg, plus: 0 } : { param: numArgs, plus: w.scratch };
  };
  const code = renderWasm(stmts, { numParams: numArgs + 3, location, params, vector });
  if (!code) return null;
  const args = Array.from({ length: numArgs + 3 }, (_, k) => `args[${k}]`).join(', ');
  return { prelude: [`const wasmRun = ${instantiateRun(code.bytes, code.imports)};`], body: `wasmRun(${args});` };
}
