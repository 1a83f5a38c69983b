// The public types of the transformations, computed from the user's function type: a transformed
// function takes the same parameters (host values allowed at array leaves) and returns what the
// transformation makes of its result, so mistakes are compile errors rather than surprises.
import type { Array } from '../core/array.js';
import type { AnyFunction, ArgIndex, ArrayTree, DiffTree, GradTree, HostArgs, HostTree } from '../core/treeTypes.js';

export type { AnyFunction };

/** A function of arrays, as a constraint: unannotated parameters of an inline function are typed `Array`. */
export type ArrayFunction<R = unknown> = (...args: Array[]) => R;

/** A scalar output that `grad` can differentiate: a 0-d Array (or a JS number constant). */
export type Scalar = Array | number;

/** Valid `argnums` for a function `F`: one parameter index, or a list of them. */
export type Argnums<F extends AnyFunction> = ArgIndex<Parameters<F>> | readonly ArgIndex<Parameters<F>>[];

/** The gradient of `F`'s parameters at `A` (an index, or a tuple of indices), each shaped like its parameter. */
export type GradOf<F extends AnyFunction, A> = A extends readonly number[]
  ? { -readonly [K in keyof A]: GradTree<Parameters<F>[A[K] & keyof Parameters<F>]> }
  : A extends number
    ? GradTree<Parameters<F>[A]>
    : never;

/** The indices in `A` (an index, or a list of them), as a union. */
export type Indices<A> = A extends readonly (infer I)[] ? I : A;

/** `F`'s parameters as `grad`'s result takes them: differentiated ones (at `A`) by {@link DiffTree}, the others by {@link HostTree}. */
export type GradArgs<F extends AnyFunction, A> = DiffArgs<Parameters<F>, `${Indices<A> & number}`>;

/** The parameter list `P` with the elements at the (string) indices `I` by {@link DiffTree}, the others by {@link HostTree}. */
export type DiffArgs<P extends readonly unknown[], I extends string> = { [K in keyof P]: K extends I ? DiffTree<P[K]> : HostTree<P[K]> };

/** `F` with array leaves of its parameters widened to host values and its result made of Arrays. */
export type Transformed<F extends AnyFunction> = (...args: HostArgs<Parameters<F>>) => ArrayTree<ReturnType<F>>;

/** The auxiliary output of a `hasAux` function (which returns `[output, aux]`), as Arrays. */
export type AuxOf<F extends AnyFunction> = ReturnType<F> extends readonly [unknown, infer Aux] ? ArrayTree<Aux> : never;

/** The primal output of a `hasAux` function (the first of its `[output, aux]`), as Arrays. */
export type MainOf<F extends AnyFunction> = ReturnType<F> extends readonly [infer Out, unknown] ? ArrayTree<Out> : never;

/** A cotangent or tangent per parameter of `F`, each shaped like its parameter. */
export type ParamTrees<F extends AnyFunction> = { -readonly [K in keyof Parameters<F>]: ArrayTree<Parameters<F>[K]> };

/** `grad`'s options: which arguments to differentiate, and whether `f` returns `[output, aux]`. */
export interface GradOptions<A = number | readonly number[], Aux extends boolean = boolean> {
  /** The index (or indices) of the differentiated arguments; default `0`. With a list, the gradient is a list. */
  argnums?: A;
  /** `f` returns `[output, aux]`: differentiate `output`, return `aux` beside the gradient. */
  hasAux?: Aux;
  /** `f` is holomorphic (complex inputs and output): the gradient is the complex derivative f'(z), as JAX's `holomorphic=True`. */
  holomorphic?: boolean;
}
