// What the control-flow primitives share: tracing user functions to jaxprs with their
// constants as leading inputs, and emitting calls to compiled sub-programs.
import type { Array, ArrayLike } from '../../core/array.js';
import type { ShapedArray } from '../../core/aval.js';
import { asArray } from '../../core/convert.js';
import { promoteInfos } from '../../core/dtypes.js';
import { convertElementType } from '../elementwise.js';
import { TransformError } from '../../core/errors.js';
import type { Jaxpr } from '../../core/jaxpr.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../../core/pytree.js';
import type { KernelContext, SubProgram } from '../../compiler/lowering.js';
import { literal } from '../../compiler/compile.js';
import { traceToJaxpr } from '../../transforms/staging.js';

/** A traced function: an open jaxpr whose first `consts.length` inputs take `consts`. */
export interface Traced {
  jaxpr: Jaxpr;
  consts: Array[];
  outDef: TreeDef;
}

/** Trace `fn` on pytree arguments of the given flat avals and structure. */
export function traceFn(fn: (...args: any[]) => unknown, inDef: TreeDef, avals: ShapedArray[], spread = true): Traced {
  let outDef: TreeDef | undefined;
  const closed = traceToJaxpr((xs) => {
    const args = treeUnflatten<unknown[]>(inDef, xs);
    const out = spread ? fn(...args) : fn(args);
    const [leaves, def] = treeFlatten<ArrayLike>(out);
    outDef = def;
    return leaves.map((l) => asArray(l));
  }, avals);
  return { jaxpr: closed.jaxpr, consts: closed.consts, outDef: outDef! };
}

/**
 * JAX's `_promote_weak_typed_input` for loop carries: a weakly typed init (a JS number) whose body
 * output has another type takes the promoted dtype (strong), e.g. `0` carried through `acc + sin(i)`
 * becomes float32. Returns null when nothing changed; the caller traces the body again.
 */
export function promoteWeakCarry(init: Array[], outAvals: readonly ShapedArray[]): Array[] | null {
  let changed = false;
  const out = init.map((x, i) => {
    const o = outAvals[i];
    if (!o || !x.weakType || (x.dtype === o.dtype && x.shape.join() === o.shape.join())) return x;
    changed = true;
    const { dtype } = promoteInfos([
      { dtype: x.dtype, weak: true },
      { dtype: o.dtype, weak: o.weakType },
    ]);
    return convertElementType(x, dtype, false);
  });
  return changed ? out : null;
}

export function flatArrays(tree: unknown): [Array[], TreeDef] {
  const [leaves, def] = treeFlatten<ArrayLike>(tree);
  return [leaves.map((l) => asArray(l)), def];
}

export function sameAvals(a: readonly ShapedArray[], b: readonly ShapedArray[], what: string): void {
  const same = a.length === b.length && a.every((x, i) => x.shape.join() === b[i]!.shape.join() && x.dtype === b[i]!.dtype);
  if (!same)
    throw new TransformError(`${what}: expected ${a.map((x) => x.str()).join(', ')} but got ${b.map((x) => x.str()).join(', ')}; the types must match exactly.`);
}

export function isEffectful(j: Jaxpr): boolean {
  return j.eqns.some((e) => e.primitive.isEffectful(e.params));
}

const nbytes = (a: ShapedArray) => a.size * a.dtype.itemsize;

/**
 * Statements calling a sub-program: inputs at `ins` (byte offset expressions), outputs to `outs`.
 * Outputs the sub-program does not write (passed-through inputs, literals) are copied or filled here.
 */
export function callSub(ctx: KernelContext, sub: SubProgram, ins: string[], outs: string[], outAvals: ShapedArray[], inAvals: ShapedArray[]): string {
  const bufOuts: string[] = new globalThis.Array(sub.numOutputs);
  const fixups: string[] = [];
  sub.outputs.forEach((o, j) => {
    // The same value returned twice is written once; the other place gets a copy.
    if (o.kind === 'buffer' && bufOuts[o.index] !== undefined) fixups.push(copy(outs[j]!, bufOuts[o.index]!, outAvals[j]!));
    else if (o.kind === 'buffer') bufOuts[o.index] = outs[j]!;
    else if (o.kind === 'input') fixups.push(`u8.copyWithin(${outs[j]}, ${ins[o.index]}, ${ins[o.index]} + ${nbytes(inAvals[o.index]!)});`);
    else fixups.push(fill(outs[j]!, outAvals[j]!, literal(o.value)));
  });
  const scratch = sub.scratchBytes > 0 ? ctx.scratch(sub.scratchBytes) : '0';
  const split = sub.splitSize ?? 0;
  // The whole range, as one part (a split reduction then combines its single block).
  return [`${sub.name}([${[...ins, ...bufOuts, scratch, 0, split, 0, 1].join(', ')}]);`, ctx.refresh, ...fixups].join('\n');
}

/** Fill a buffer at byte offset `at` with a JS value. */
export function fill(at: string, a: ShapedArray, value: string): string {
  const view = { float32: 'f32', float64: 'f64', int32: 'i32', uint8: 'u8', bool: 'u8' }[a.dtype.name];
  const shift = { float32: 2, float64: 3, int32: 2, uint8: 0, bool: 0 }[a.dtype.name];
  return `${view}.fill(${value}, ${at} >>> ${shift}, (${at} >>> ${shift}) + ${a.size});`;
}

/** Copy `a`-sized data between byte offsets. */
export function copy(dst: string, src: string, a: ShapedArray): string {
  return `u8.copyWithin(${dst}, ${src}, ${src} + ${nbytes(a)});`;
}

export { nbytes };
