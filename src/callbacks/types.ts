// The public types of host callbacks: what the host function receives, and what a call returns.
import type { NdArray } from '@d4c/numjs';
import type { Array, Complex, TypedArray } from '../core/array.js';
import type { ShapeDtypeStruct } from '../core/aval.js';
import type { NdArray0d } from './ndarray0d.js';
import type { ComplexNdArray } from './complexNdArray.js';

/**
 * What a host function receives for one array: a numjs array, or for a complex dtype a
 * ComplexNdArray (numjs has no complex dtype). The argument types below say NdArray, which is what
 * real arrays give; a host function taking complex arrays annotates its parameter `HostArray` (or
 * `NdArray | ComplexNdArray`) and narrows with `instanceof ComplexNdArray`.
 */
export type HostArray = NdArray | ComplexNdArray;

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
 * a JS number or boolean as a 0-d array (so is any shape-[] array, at run time), a `{re, im}`
 * number as a 0-d ComplexNdArray (so is any complex array, of its shape, at run time).
 */
export type HostValue<T> = T extends number | boolean ? NdArray0d : T extends Complex ? ComplexNdArray : MapTree<T, Array | number | boolean | TypedArray, NdArray, NdArray>;

/** The host function's parameters for the argument list `A`. */
export type HostArgs<A extends readonly unknown[]> = { -readonly [K in keyof A]: HostValue<A[K]> };

/**
 * A host function for pureCallback, ioCallback or debug.callback.
 *
 * Arguments: each array as a numjs NdArray (shape [] as an NdArray0d, numpy's 0-d array); a
 * complex array as a ComplexNdArray (its `re` and `im` parts as numjs arrays; always a host copy;
 * annotate the parameter `HostArray` and narrow with `instanceof ComplexNdArray`). In
 * zero-copy mode (the default) it views a copy of the operand private to this call, made on the
 * device: the function may read and write it (in-place numjs ops, typed-array stores), which never
 * changes a device array, a cached constant or a value the program reads again; it may not keep it
 * past the call (or past the settling of a Promise it returns): that memory is then reused, and the
 * NdArray throws if used (keep `a.clone()` or `a.tolist()`; never keep `a.selection.data`). In
 * copy mode the arguments are plain host copies that stay valid.
 *
 * Returns, per declared leaf (checked and converted at run time): numjs arrays (of either numjs
 * package), TypedArrays, numbers, booleans, nested JS arrays (of numbers or arrays), jaxpool arrays,
 * or a Promise of the whole result; a value the declared dtype cannot hold raises CallbackResultError.
 * A complex result takes a ComplexNdArray, `{re, im}` numbers (nested arrays of them, numbers
 * allowed among them) or a complex jaxpool array; a real value for a complex result, or a complex
 * value for a real one, raises CallbackResultError (never a silent +0j or a dropped imaginary part).
 */
export type HostFunction<A extends readonly unknown[]> = (...args: HostArgs<A>) => unknown;
