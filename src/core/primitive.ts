// The primitive registry: each primitive is declared once, with all its rules side by side
// (abstract eval, impl, jvp, transpose, batching, lowering), as in JAX's lax.py.
import type { Array } from './array.js';
import type { ShapedArray } from './aval.js';
import type { Lowering } from '../compiler/lowering.js';
import { DtypeError, JaxpoolError } from './errors.js';

export type Params = Record<string, unknown>;
/** A batch dimension, or null for an unbatched value (JAX's not_mapped). */
export type BatchDim = number | null;

/** Placeholder for a linear input during transposition (autodidax's UndefinedPrimal). */
export class UndefinedPrimal {
  constructor(readonly aval: ShapedArray) {}
}

/** A complex value as two real arrays (its real and imaginary planes), in the compiler's complex decomposition. */
export interface Planes {
  re: Array;
  im: Array;
}
/** An operand or result of a `complex` rule: a real array, or a complex value's planes. */
export type PlaneValue = Array | Planes;

export interface PrimitiveRules<P extends Params = Params> {
  abstractEval(avals: ShapedArray[], params: P): ShapedArray[];
  /** Forward-mode rule: primal and tangent outputs (tangents are always instantiated). */
  jvp?(primals: Array[], tangents: Array[], params: P): [Array[], Array[]];
  /** Reverse rule for linear primitives: cotangents of the undefined (linear) inputs; null = zero. */
  transpose?(cts: (Array | null)[], args: (Array | UndefinedPrimal)[], params: P): (Array | null)[];
  /** vmap rule: outputs and their batch dims. */
  batch?(args: Array[], dims: BatchDim[], params: P): [Array[], BatchDim[]];
  /** How the compiler turns an equation into worker code. */
  lower?: Lowering<P>;
  /** Eager evaluation; by default the compiler's one-equation executable. */
  impl?(args: Array[], params: P): Array[];
  /**
   * How the op acts on complex values, as real ops on their (re, im) planes: complex operands and
   * results are Planes, real ones arrays (the compiler rewrites every complex value so, before
   * kernels are built). Without this rule a complex operand or result is a DtypeError when traced.
   */
  complex?(args: PlaneValue[], params: P, outAvals: ShapedArray[]): PlaneValue[];
  /** Has side effects: never dead-code eliminated. */
  effectful?: boolean | ((params: P) => boolean);
}

export class Primitive<P extends Params = Params> {
  /** Installed by the compiler: eager application through a cached single-op kernel. */
  static defaultImpl: (prim: Primitive, args: Array[], params: Params) => Array[] = () => {
    throw new JaxpoolError('the compiler is not loaded; import jaxpool from its package entry.');
  };
  constructor(
    readonly name: string,
    readonly rules: PrimitiveRules<P>,
  ) {}
  impl(args: Array[], params: P): Array[] {
    return this.rules.impl ? this.rules.impl(args, params) : Primitive.defaultImpl(this as unknown as Primitive, args, params);
  }
  isEffectful(params: P): boolean {
    const e = this.rules.effectful;
    return typeof e === 'function' ? e(params) : !!e;
  }
  toString(): string {
    return this.name;
  }
}

const registry = new Map<string, Primitive>();

export function definePrimitive<P extends Params>(name: string, rules: PrimitiveRules<P>): Primitive<P> {
  if (registry.has(name)) throw new JaxpoolError(`primitive '${name}' is declared twice.`);
  // Inlined calls (jit, custom derivatives) pass complex values through to the ops they hold.
  const checked = rules.complex || rules.lower?.kind === 'inline' ? rules : { ...rules, abstractEval: rejectComplex(name, rules.abstractEval) };
  const p = new Primitive<P>(name, checked);
  registry.set(name, p as unknown as Primitive);
  return p;
}

export function primitives(): ReadonlyMap<string, Primitive> {
  return registry;
}

/** An abstract eval that raises a DtypeError when an operand or result is complex (an op without a `complex` rule). */
function rejectComplex<P extends Params>(name: string, abstractEval: PrimitiveRules<P>['abstractEval']): PrimitiveRules<P>['abstractEval'] {
  const fail = (d: string): never => {
    throw new DtypeError(`${name} does not support complex dtypes (got ${d}); take jnp.real/jnp.imag/jnp.abs first, or convert.`);
  };
  return (avals, params) => {
    for (const a of avals) if (a.dtype.kind === 'c') fail(a.dtype.name);
    const outs = abstractEval(avals, params);
    for (const a of outs) if (a.dtype.kind === 'c') fail(a.dtype.name);
    return outs;
  };
}
