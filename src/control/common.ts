// What the control-flow primitives share: tracing user functions to jaxprs with their
// constants as leading inputs, and calling compiled sub-programs from kernel IR.
import type { Array, ArrayLike } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { promoteInfos } from '../core/dtypes.js';
import { convertElementType } from '../lax/elementwise.js';
import { TransformError } from '../core/errors.js';
import type { Jaxpr } from '../core/jaxpr.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import type { KernelContext } from '../compiler/lowering.js';
import type { CompiledProgram } from '../compiler/program.js';
import { float64, uint8 } from '../core/dtypes.js';
import { alu, cast, constant, type Exp, i32, offsetOf } from '../ir/exp.js';
import { traceToJaxpr } from '../transforms/staging.js';

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
 * Call a compiled sub-program: inputs at byte offsets `ins`, outputs to `outs`. Outputs the
 * sub-program does not write (passed-through inputs, literals) are copied or filled here.
 */
export function callSub(ctx: KernelContext, sub: CompiledProgram, ins: Exp[], outs: Exp[], outAvals: ShapedArray[], inAvals: ShapedArray[]): void {
  const bufOuts: Exp[] = new globalThis.Array(sub.numOutputs);
  const fixups: (() => void)[] = [];
  sub.outputs.forEach((o, j) => {
    // The same value returned twice is written once; the other place gets a copy.
    if (o.kind === 'buffer' && bufOuts[o.index] !== undefined) fixups.push(() => ctx.copy(outs[j]!, bufOuts[o.index]!, nbytes(outAvals[j]!)));
    else if (o.kind === 'buffer') bufOuts[o.index] = outs[j]!;
    else if (o.kind === 'input') fixups.push(() => ctx.copy(outs[j]!, ins[o.index]!, nbytes(inAvals[o.index]!)));
    else fixups.push(() => ctx.fill(outs[j]!, outAvals[j]!.dtype, outAvals[j]!.size, o.value));
  });
  const scratch = sub.scratchBytes > 0 ? offsetOf(ctx.scratch(uint8, sub.scratchBytes)) : i32(0);
  // The whole range, as one part (a split reduction then combines its single block).
  ctx.callSub(sub, [...ins, ...bufOuts, scratch, i32(0), i32(sub.splitSize ?? 0), i32(0), i32(1)]);
  for (const f of fixups) f();
}

/** Byte offsets of a fresh scratch buffer per value of `avals` (a loop's carry). */
export function carryBuffers(ctx: KernelContext, avals: ShapedArray[]): Exp[] {
  return avals.map((a) => offsetOf(ctx.scratch(a.dtype, a.size)));
}

/** `base` advanced by `t` elements of `a`'s size (the t-th slice of a stacked array). */
export function sliceAt(base: Exp, t: Exp, a: ShapedArray): Exp {
  return alu('add', base, alu('mul', cast(t, float64), constant(nbytes(a), float64)));
}

export { nbytes };
