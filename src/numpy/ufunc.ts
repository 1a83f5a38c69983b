// NumPy's ufuncs as jnp declarations: `unary(name, op)` and `binary(name, op)` convert and promote
// their operands (JAX's weak types), broadcast them, and apply a lax op — one line per function.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { broadcastShapes } from '../core/shape.js';
import { declare, type JnpFunction } from './declare.js';
import { broadcastArray, promoteArgs, promoteArgsInexact, truthy } from './promote.js';

/** The keyword arguments of JAX's ufuncs (unsupported there too, so null only). */
export interface UfuncOptions {
  out?: null;
  where?: null;
}

/** NumPy ufuncs' keyword arguments: `out` and `where` exist in JAX but are not supported; anything else is a typo. */
/** A ufunc's trailing arguments: at most `{ out, where }` (neither supported, as in JAX); anything else raises. */
export function ufuncArgs(name: string, rest: unknown[]): void {
  if (rest.length === 0) return;
  const o = bindArgs(name, ['out', 'where'], rest, ['out', 'where']);
  for (const k of ['out', 'where'] as const)
    if (o[k] !== undefined && o[k] !== null) throw new TypeError(`${name}(): '${k}' is not supported (as in JAX); use jnp.where(mask, ${name}(…), other) instead.`);
}

/** A unary ufunc's signature. */
export type Unary = (x: ArrayLike, ...opts: [opts?: UfuncOptions]) => Array;
/** A binary ufunc's signature. */
export type Binary = (x: ArrayLike, y: ArrayLike, ...opts: [opts?: UfuncOptions]) => Array;

/** How a ufunc prepares its operands before the lax op. */
export interface UfuncSpec<M extends string> {
  /** 'promote' (default): JAX's promotion; 'inexact': promotion, then integers and bools to float; 'bool': NumPy truthiness of each. */
  operands?: 'promote' | 'inexact' | 'bool';
  /** The Array method, if JAX's Array has one (see DeclarationSpec). */
  method?: M;
  /** JAX's name, when it is not the snake_case of the jnp name. */
  jax?: string;
}

function prepare(mode: UfuncSpec<string>['operands'], xs: ArrayLike[]): Array[] {
  if (mode === 'inexact') return promoteArgsInexact(...xs);
  if (mode !== 'bool') return promoteArgs(...xs);
  const bs = xs.map((x) => truthy(asArray(x)));
  const shape = broadcastShapes(...bs.map((b) => b.shape));
  return bs.map((b) => broadcastArray(b, shape));
}

/** Declare the unary ufunc `name(x, { out, where })`: `op` on the prepared operand. */
export function unary<const M extends string = never>(name: string, op: (x: Array) => Array, spec: UfuncSpec<M> = {}): JnpFunction<Unary, M> {
  const mode = spec.operands;
  const impl: Unary = (x, ...opts) => {
    ufuncArgs(name, opts);
    return op(mode === undefined ? asArray(x) : prepare(mode, [x])[0]!);
  };
  return declare(name, { arrays: 1, method: spec.method, jax: spec.jax, impl });
}

/** Declare the binary ufunc `name(x, y, { out, where })`: `op` on the prepared, broadcast operands (and the operands as given). */
export function binary<const M extends string = never>(
  name: string,
  op: (x: Array, y: Array, given: [ArrayLike, ArrayLike]) => Array,
  spec: UfuncSpec<M> = {},
): JnpFunction<Binary, M> {
  const mode = spec.operands;
  const impl: Binary = (x, y, ...opts) => {
    ufuncArgs(name, opts);
    const [a, b] = prepare(mode, [x, y]);
    return op(a!, b!, [x, y]);
  };
  return declare(name, { arrays: 2, method: spec.method, jax: spec.jax, impl });
}
