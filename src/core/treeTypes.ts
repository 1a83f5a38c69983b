// The pytree types users see: what transformed functions and loops accept (host values at the
// leaves) and what they hand back (an Array at every leaf), computed from the user's own types.
import type { Array, ArrayLike, NdArrayLike, NestedArrayLike, TypedArray } from './array.js';

/** A host value that stands for one array leaf of a pytree: a JS number or boolean, a TypedArray, a numjs array. */
export type HostLeaf = Array | number | boolean | TypedArray | NdArrayLike;

/** JS lists nested to any depth with an Array at each leaf: what a nested JS list becomes under a transformation. */
export type NestedArrays = Array | NestedArrays[];

/**
 * Any function, as a constraint. (Parameters are `never` so that every function is assignable,
 * whatever its parameter types.) A function is never a pytree.
 */
export type AnyFunction = (...args: never[]) => unknown;

/**
 * A pytree type `T` as a caller may pass it: each Array leaf may be any {@link HostLeaf}; lists,
 * tuples and plain objects keep their structure; other types (`ArrayLike` included) pass
 * unchanged. A nested JS list is a list of leaves, as a Python list is in JAX, so it is accepted
 * where the parameter's type allows lists (`ArrayLike`, `Array[]`), not where it says `Array`.
 */
export type HostTree<T> = [T] extends [Array]
  ? HostLeaf
  : [NestedArrayLike[]] extends [T]
    ? T
    : T extends Array
      ? HostLeaf
      : T extends HostLeaf | AnyFunction
        ? T
        : T extends readonly unknown[]
          ? { readonly [K in keyof T]: HostTree<T[K]> }
          : T extends object
            ? { readonly [K in keyof T]: HostTree<T[K]> }
            : T;

/** The parameters `P` of a function, each widened by {@link HostTree}. */
export type HostArgs<P extends readonly unknown[]> = { [K in keyof P]: HostTree<P[K]> };

/**
 * {@link HostTree} for a differentiated argument, whose gradient has the argument's structure: a
 * parameter typed `ArrayLike` takes one {@link HostLeaf} here (so its gradient is one Array).
 */
export type DiffTree<T> = [NestedArrayLike[]] extends [T] ? (unknown extends T ? T : HostLeaf) : HostTree<T>;

/**
 * What a pytree value `T` becomes inside (and comes back from) a transformation: every leaf an
 * Array (JS numbers, TypedArrays and numjs arrays included), `null`/`undefined` as `null`, lists,
 * tuples and plain objects kept. A value typed `ArrayLike` may be a nested list: {@link NestedArrays}.
 */
export type ArrayTree<T> = unknown extends T
  ? T
  : [T] extends [Array]
    ? Array
    : [NestedArrayLike[]] extends [T]
      ? NestedArrays
      : T extends HostLeaf
        ? Array
        : T extends null | undefined
          ? null
          : T extends AnyFunction
            ? never
            : T extends readonly unknown[]
              ? { -readonly [K in keyof T]: ArrayTree<T[K]> }
              : T extends object
                ? { -readonly [K in keyof T]: ArrayTree<T[K]> }
                : never;

/** {@link ArrayTree} as a function may return it: the same, with readonly lists and objects allowed (`as const`). */
export type ArrayTreeOut<T> = unknown extends T
  ? T
  : [T] extends [Array]
    ? Array
    : [NestedArrayLike[]] extends [T]
      ? NestedArrays
      : T extends HostLeaf
        ? Array
        : T extends null | undefined
          ? null
          : T extends AnyFunction
            ? never
            : T extends readonly unknown[]
              ? { readonly [K in keyof T]: ArrayTreeOut<T[K]> }
              : T extends object
                ? { readonly [K in keyof T]: ArrayTreeOut<T[K]> }
                : never;

/** The gradient of a parameter typed `T`: {@link ArrayTree}, one Array for `ArrayLike` (see {@link DiffTree}). */
export type GradTree<T> = [NestedArrayLike[]] extends [T] ? (unknown extends T ? T : Array) : ArrayTree<T>;

/** {@link ArrayTree} of each element of a parameter list (a tuple type, usable as rest parameters). */
export type ArrayArgs<P extends readonly unknown[]> = { -readonly [K in keyof P]: ArrayTree<P[K]> };

/** The parameter indices of a parameter list `P`, as number literals. */
export type ArgIndex<P extends readonly unknown[]> = number extends P['length']
  ? number
  : { [K in keyof P]: K extends `${infer N extends number}` ? N : never }[number];
