// The public types of host callbacks: what the host function receives, and what a call returns.
import type { NdArray } from '@d4c/numjs';
import type { Array, TypedArray } from '../core/array.js';
import type { ShapeDtypeStruct } from '../core/aval.js';
import type { NdArray0d } from './ndarray0d.js';

/** A declared result: a ShapeDtypeStruct, or an Array whose shape and dtype are meant. */
export type ResultLeaf = ShapeDtypeStruct | Array;

/** `shapes` of pureCallback/ioCallback: a pytree (arrays, plain objects, null) of result leaves. */
export type ResultShapes = ResultLeaf | null | undefined | readonly ResultShapes[] | { readonly [key: string]: ResultShapes };

/**
 * A pytree type mapped leaf by leaf: leaves (`L`) become `Out`, null/undefined stay null, arrays
 * and plain objects keep their structure, anything else becomes `Else`.
 */
type MapTree<T, L, Out, Else> = T extends L
  ? Out
  : T extends null | undefined
    ? null
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: MapTree<T[K], L, Out, Else> }
      : T extends object
        ? { -readonly [K in keyof T]: MapTree<T[K], L, Out, Else> }
        : Else;

/** What a callback call returns: one Array per declared leaf, in the structure of `shapes`. */
export type CallbackResult<S> = MapTree<S, ResultLeaf, Array, never>;

/**
 * How one argument reaches the host function: each array leaf as a numjs array, containers kept;
 * a JS number or boolean as a 0-d array (so is any shape-[] array, at run time).
 */
export type HostValue<T> = T extends number | boolean ? NdArray0d : MapTree<T, Array | number | boolean | TypedArray, NdArray, NdArray>;

/** The host function's parameters for the argument list `A`. */
export type HostArgs<A extends readonly unknown[]> = { -readonly [K in keyof A]: HostValue<A[K]> };

/**
 * What the host function may return for each declared leaf (checked and converted at run time):
 * numjs arrays (of either numjs package), TypedArrays, numbers, booleans or nested JS arrays.
 */
export type HostFunction<A extends readonly unknown[]> = (...args: HostArgs<A>) => unknown;
