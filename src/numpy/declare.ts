// One declaration per jnp function. `declare(name, { arrays, method, jax, impl })` registers the
// function and returns its public form: eagerly, on concrete arrays, one fused program per
// signature (see eager.ts); under a transformation, `impl` traced as is. The Array method
// (installed here, typed on Array through numpy/methods.ts), the namespace entry (the family
// file's export) and the API-coverage table (docs/coverage) all follow from the declaration.
import { Array } from '../core/array.js';
import { fusedEager } from './eager.js';
import { complexChecked } from './complexSupport.js';

// `never` arguments: every function type is assignable (a declaration accepts any signature; its own type stays precise).
type Fn = (...args: never[]) => unknown;
/** A declared function as the registry calls it, with arguments of any type. */
export type AnyCall = (...args: unknown[]) => unknown;
/** The arguments after the first (the array a method is called on). */
type TailParams<F> = F extends (first: never, ...rest: infer R) => unknown ? R : never;

/** A method's argument conversion (see DeclarationSpec.methodArgs). */
type MethodArgs = (...args: never[]) => unknown[];
/**
 * The method's signature: the function's without its first argument, or `methodArgs`'s. (Typed
 * after inference, not as a default type argument: inferring one from `F` would resolve Array's
 * members while Array's method type — this — is being computed.)
 */
type MethodSignature<F extends Fn, MA> = [MA] extends [never]
  ? (...args: TailParams<F>) => ReturnType<F>
  : MA extends (...args: infer P) => unknown
    ? (...args: P) => ReturnType<F>
    : never;

declare const methodBrand: unique symbol;
/**
 * A declared jnp function: the function type `F`, plus (type-level only) the Array method its
 * declaration installs, by name `M` with signature `C`. numpy/methods.ts reads these brands.
 */
export type JnpFunction<F extends Fn = Fn, M extends string = string, C extends Fn = (...args: TailParams<F>) => ReturnType<F>> = F & {
  readonly [methodBrand]?: { name: M; call: C };
};

/** Another jnp name for a declared function `T`, without its method. */
export type JnpAlias<T extends Fn> = T & { readonly [methodBrand]?: never };

/** What a declaration states about one jnp function (see `declare`). */
export interface DeclarationSpec<F extends Fn, M extends string, MA extends MethodArgs> {
  /** How many leading arguments are arrays (traced by the fused eager path); 0 for none. */
  arrays: number;
  /** JAX's name, when it is not the jnp name in snake_case (e.g. 'atleast_1d'). */
  jax?: string;
  /** The Array method installed from this declaration (`x.mul(y)` is `multiply(x, y)`), if JAX's Array has one. */
  method?: M;
  /**
   * The function's arguments after the array, from the method's, when they differ (`x.reshape(2,
   * 3)` is `reshape(x, [2, 3])`); the method is typed by its parameters. (Not checked against
   * `impl`'s by the compiler; test/numpy/declarations.test.ts compares the two.)
   */
  methodArgs?: MA;
  /** Whether eager calls run as one fused program (default: when `arrays` > 0). */
  fused?: boolean;
  /**
   * For a function with only fixed positional parameters (JAX's `f(x1, x2, /)`): how many. A call
   * with more raises a TypeError (JS would drop them silently; the fuzzer found `kron(a, b, {dtype})`).
   */
  arity?: number;
  /** The implementation in terms of lax, with JAX's signature (positional arguments, then options). */
  impl: F;
}

/** A registered declaration, as the namespace, the tests and the coverage table read it. */
export interface Declaration {
  /** The jnp name (camelCase). */
  readonly name: string;
  /** JAX's name (`jax.numpy.<jax>`). */
  readonly jax: string;
  /** How many leading arguments are arrays. */
  readonly arrays: number;
  /** Whether eager calls run as one fused program. */
  readonly fused: boolean;
  /** The Array method it installs, if any. */
  readonly method?: string;
  /** The declaration this one is an alias of (`trueDivide` of `divide`). */
  readonly aliasOf?: string;
  /** The implementation, op by op (what the fused path traces). */
  readonly impl: AnyCall;
  /** The public function (the namespace entry). */
  readonly fn: AnyCall;
}

const byName = new Map<string, Declaration>();
const byFunction = new WeakMap<object, Declaration>();

/** Every jnp declaration, by jnp name. */
export const declarations: ReadonlyMap<string, Declaration> = byName;

/** The declaration behind a public jnp function, if it is one. */
export function declarationOf(fn: unknown): Declaration | undefined {
  return typeof fn === 'function' ? byFunction.get(fn) : undefined;
}

/** `name` in JAX's snake_case (`logicalAnd` → `logical_and`). */
export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function register(d: Declaration): void {
  if (byName.has(d.name)) throw new Error(`internal: jnp.${d.name} is declared twice.`);
  byName.set(d.name, d);
  if (!byFunction.has(d.fn)) byFunction.set(d.fn, d);
}

/**
 * Declare jnp function `name`: registers it, installs its Array method, and returns the public
 * function (the fused eager path around `impl`), typed as `impl` plus its method.
 */
export function declare<F extends Fn, const M extends string = never, MA extends MethodArgs = never>(
  name: string,
  spec: DeclarationSpec<F, M, MA>,
): JnpFunction<F, M, MethodSignature<F, MA>> {
  const fused = spec.fused ?? spec.arrays > 0;
  const inner = complexChecked(name, spec.arrays, (fused ? fusedEager(name, spec.impl, spec.arrays) : spec.impl) as unknown as AnyCall);
  const fn = (spec.arity === undefined ? inner : withArity(name, spec.arity, inner)) as unknown as F;
  register({ name, jax: spec.jax ?? snakeCase(name), arrays: spec.arrays, fused, method: spec.method, impl: spec.impl as unknown as AnyCall, fn: fn as unknown as AnyCall });
  if (spec.method !== undefined) installMethod(spec.method, fn as unknown as AnyCall, spec.methodArgs as ((...args: unknown[]) => unknown[]) | undefined);
  return fn;
}

/** `f` refusing more than `arity` arguments (trailing undefineds aside), with a TypeError naming `name`. */
function withArity(name: string, arity: number, f: AnyCall): AnyCall {
  return (...args: unknown[]) => {
    let n = args.length;
    while (n > arity && args[n - 1] === undefined) n--;
    if (n > arity) throw new TypeError(`${name}() takes ${arity} argument${arity === 1 ? '' : 's'} but ${n} were given.`);
    return f(...args);
  };
}

/** Declare `name` as another jnp name for `target` (JAX's aliases: `trueDivide`, `around`); the method stays `target`'s. */
export function alias<T extends Fn>(name: string, target: T, jax?: string): JnpAlias<T> {
  const d = declarationOf(target);
  if (!d) throw new Error(`internal: jnp.${name} aliases a function that is not declared.`);
  register({ ...d, name, jax: jax ?? snakeCase(name), method: undefined, aliasOf: d.name });
  return target;
}

/** `x.<method>(...args)` calls `fn(x, ...args)` (after `methodArgs`, when the method's arguments differ). */
function installMethod(method: string, fn: AnyCall, methodArgs?: (...args: unknown[]) => unknown[]): void {
  if (method in Array.prototype) throw new Error(`internal: Array.${method} is defined twice.`);
  const value = methodArgs
    ? function (this: Array, ...args: unknown[]) {
        return fn(this, ...methodArgs(...args));
      }
    : function (this: Array, ...args: unknown[]) {
        return fn(this, ...args);
      };
  Object.defineProperty(value, 'name', { value: method });
  Object.defineProperty(Array.prototype, method, { value, writable: true, configurable: true });
}

/** The method brand of a declared function: `{ name, call }`, or never. */
type MethodInfo<F> = F extends { readonly [methodBrand]?: unknown } ? NonNullable<F[typeof methodBrand]> : never;
/** The name of the Array method a declared function installs (never if none). */
export type MethodName<F> = MethodInfo<F> extends { name: infer M extends string } ? M : never;
/** The signature of the Array method a declared function installs. */
export type MethodCall<F> = MethodInfo<F> extends { call: infer C } ? C : never;
