// jit: stage a function to a jaxpr once per signature and run it as one compiled program.
import type { Array, ArrayLike } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { type Atom, type ClosedJaxpr, type Jaxpr, evalJaxpr, Lit, type Var } from '../core/jaxpr.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import { bind, currentDynamic, isTracer } from '../core/trace.js';
import { checkImplicitTransfer } from '../core/transferGuard.js';
import { config } from '../core/config.js';
import { Executable } from '../compiler/executable.js';
import { paramsKey } from '../compiler/applyPrimitive.js';
import { CompileCache } from '../compiler/compileCache.js';
import { jvpFlat } from './jvp.js';
import { traceToJaxpr } from './staging.js';
import { vmapFlat } from './vmap.js';
import { moveBatchToFront } from '../lax/batching.js';
import type { HostArgs } from '../core/treeTypes.js';
import type { AnyFunction, Argnums, ArrayFunction, Transformed } from './signatures.js';

interface PjitParams extends Params {
  jaxpr: Jaxpr;
  name: string;
}

/** Each jaxpr's program, with the config values it was compiled under (those structuralKey keys on). */
const executables = new WeakMap<Jaxpr, { wasm: boolean; x64: boolean; exe: Executable }>();

// Programs by the structure of their jaxpr, across jits: a fresh jit of a function traced before
// (a new closure each time, a jit per call) reuses the compiled program instead of compiling the
// same code again. Params compare by value when plain and by identity otherwise (paramsKey), so
// programs with nested jaxprs or callbacks are shared only within one jit.
const byStructure = new CompileCache<Executable>((exe) => exe.dispose());

/** A canonical text of `jaxpr` (variables renumbered in order of definition) and the compile options. */
function structuralKey(jaxpr: Jaxpr, name: string): string {
  const ids = new Map<Var, number>();
  let key = `${name}|${config.values.wasm}|${config.values.enableX64}|`;
  for (const v of jaxpr.inBinders) {
    ids.set(v, ids.size);
    key += v.aval.key() + ',';
  }
  const atom = (a: Atom): string => (a instanceof Lit ? `#${Object.is(a.val, -0) ? '-0' : a.val}:${a.aval.key()}` : `${ids.get(a) ?? `?${a.id}`}`);
  for (const e of jaxpr.eqns) {
    key += `;${e.primitive.name}(`;
    for (const a of e.inputs) key += atom(a) + ',';
    key += ')' + paramsKey(e.params) + '>';
    for (const o of e.outBinders) {
      ids.set(o, ids.size);
      key += o.aval.key() + ',';
    }
  }
  key += '|';
  for (const a of jaxpr.outs) key += atom(a) + ',';
  return key;
}

/** The compiled program of `jaxpr`, shared with every jaxpr of the same structure. */
export function executableFor(jaxpr: Jaxpr, name: string): Executable {
  // A program compiled before a config change (WebAssembly off, x64) is not this one. Compared as
  // values: this runs on every cached jit call, where a key string would be garbage per call.
  const { wasm, enableX64: x64 } = config.values;
  const known = executables.get(jaxpr);
  if (known !== undefined && known.wasm === wasm && known.x64 === x64) return known.exe;
  const key = structuralKey(jaxpr, name);
  let exe = byStructure.get(key);
  if (!exe) byStructure.set(key, (exe = new Executable(jaxpr, name)));
  executables.set(jaxpr, { wasm, x64, exe });
  return exe;
}

function literalArray(l: Lit): Array {
  return DeviceArray.scalar(l.val, l.aval.dtype, l.aval.weakType);
}

export function evalJaxprValues(jaxpr: Jaxpr, args: readonly Array[]): Array[] {
  return evalJaxpr(jaxpr, args, literalArray);
}

export const pjitP: Primitive<PjitParams> = definePrimitive<PjitParams>('pjit', {
  abstractEval: (_avals, p) => p.jaxpr.outs.map((o) => o.aval),
  impl: (args, p) => executableFor(p.jaxpr, p.name).execute(args),
  // Differentiation inlines the body; vmap re-stages a batched body and stays compiled.
  jvp: (primals, tangents, p) => jvpFlat((xs) => evalJaxprValues(p.jaxpr, xs), primals, tangents),
  batch: (args, dims, p) => {
    const n = args[dims.findIndex((d) => d !== null)]!.shape[dims.find((d) => d !== null)!]!;
    const vals = args.map((a, i) => moveBatchToFront(a, dims[i]!, n));
    const closed = traceToJaxpr(
      (xs) => vmapFlat((ys) => evalJaxprValues(p.jaxpr, ys), xs, xs.map(() => 0), n),
      vals.map((v) => v.aval),
    );
    // traceToJaxpr puts constants first among the inputs, which is how pjit takes them.
    const outs = bind(pjitP, [...closed.consts, ...vals], { jaxpr: closed.jaxpr, name: p.name });
    return [outs, outs.map(() => 0)];
  },
  lower: { kind: 'inline' },
  effectful: (p) => p.jaxpr.eqns.some((e) => e.primitive.isEffectful(e.params)),
});

/** `jit`'s options. */
export interface JitOptions<A = number | readonly number[]> {
  /**
   * Arguments (by index) passed to `f` as they are and made part of the cache key instead of
   * traced: JS values that decide the program's structure (a flag, a shape, a count).
   */
  staticArgnums?: A;
}

interface CacheEntry {
  closed: ClosedJaxpr;
  outDef: TreeDef;
}

/** What `jit` returns: `f` on arrays or host values, with Arrays out, and `lower` for its jaxpr. */
export type Jitted<F extends AnyFunction> = Transformed<F> & {
  /** The jaxpr `jit` compiles for these arguments (JAX's `jit(f).lower(...)`, printed like `makeJaxpr`). */
  lower(...args: HostArgs<Parameters<F>>): ClosedJaxpr;
};

/**
 * JAX's `jax.jit`: compile `f`. The first call with a new signature (shapes, dtypes, weak types,
 * pytree structure and static values) traces `f` to a jaxpr and compiles it into one program
 * (elementwise chains and reductions fused); later calls with that signature run it on a worker
 * device at once. The result has `f`'s parameters (host values allowed at array leaves) and
 * returns `f`'s result with an Array at every leaf.
 *
 * Inside `f` values are abstract: converting one to a JS value (`Number(x)`, `if (x > 0)`,
 * `x.item()`) throws `ConcretizationError`; use `lax.cond`/`jnp.where`, or `staticArgnums`.
 *
 * @throws `ConcretizationError` when `f` reads a traced value as a JS value.
 * @throws `TransferGuardError` under `transferGuard('disallow')` when a JS value is passed in.
 *
 * @example
 * ```ts
 * const f = jit((x: Array, y: Array) => jnp.sum(jnp.sin(x).mul(y)));
 * f(jnp.arange(3), jnp.ones([3]));                       // compiled on the first call
 * const g = jit((x: Array, n: number) => x.pow(n), { staticArgnums: [1] });
 * g(jnp.arange(3), 2);
 * ```
 */
export function jit<F extends ArrayFunction, const A extends Argnums<F> = never>(f: F, opts?: JitOptions<A>): Jitted<F>;
export function jit<F extends AnyFunction, const A extends Argnums<F> = never>(f: F, opts?: JitOptions<A>): Jitted<F>;
export function jit(f: (...args: never[]) => unknown, opts: JitOptions = {}): Jitted<AnyFunction> {
  const statics = new Set(typeof opts.staticArgnums === 'number' ? [opts.staticArgnums] : (opts.staticArgnums ?? []));
  // Traces per signature; an evicted one's program is unloaded from the workers.
  const cache = new CompileCache<CacheEntry>((e) => executables.get(e.closed.jaxpr)?.exe.dispose());
  const name = f.name || 'jit';

  const prepare = (args: unknown[]) => {
    const dyn: unknown[] = [];
    const staticVals: unknown[] = [];
    args.forEach((a, i) => (statics.has(i) ? staticVals.push(a) : dyn.push(a)));
    const [leaves, inDef] = treeFlatten<ArrayLike>(dyn);
    const arrays = leaves.map((l) => {
      if (typeof l !== 'object' || !isArrayInstance(l)) {
        const a = asArray(l);
        checkImplicitTransfer('passing a JS value into jit', a.aval);
        return a;
      }
      return l as Array;
    });
    const key = `${arrays.map((a) => a.aval.key()).join(';')}|${inDef}|${statics.size ? paramsKey({ s: staticVals }) : ''}|${config.values.enableX64}`;
    let entry = cache.get(key);
    if (!entry) {
      let outDef: TreeDef | undefined;
      const closed = traceToJaxpr(
        (xs) => {
          const dynVals = treeUnflatten<unknown[]>(inDef, xs);
          const full: unknown[] = [];
          let d = 0;
          let s = 0;
          for (let i = 0; i < args.length; i++) full.push(statics.has(i) ? staticVals[s++] : dynVals[d++]);
          const out = (f as (...a: unknown[]) => unknown)(...full);
          const [flat, def] = treeFlatten<ArrayLike>(out);
          outDef = def;
          return flat.map((x) => asArray(x));
        },
        arrays.map((a) => a.aval as ShapedArray),
      );
      entry = { closed, outDef: outDef! };
      cache.set(key, entry);
    }
    return { entry, arrays };
  };

  // The dispatch fast path (no transformation, no statics, every argument a concrete array):
  // signature key from the avals alone, straight to the compiled program.
  const fastCache = new CompileCache<CacheEntry>();
  const fastKey = (args: unknown[]): string | null => {
    if (statics.size || currentDynamic().level !== 0) return null;
    // Tracing reads enableX64 (the default float): the setting is part of the signature.
    let key = config.values.enableX64 ? 'x64;' : '';
    for (const a of args) {
      if (!(a instanceof DeviceArray)) return null;
      key += a.aval.key() + ';';
    }
    return key;
  };

  const wrapped = (...args: unknown[]) => {
    const fk = fastKey(args);
    let entry = fk === null ? undefined : fastCache.get(fk);
    let arrays = args as Array[];
    if (!entry) {
      ({ entry, arrays } = prepare(args));
      if (fk !== null) fastCache.set(fk, entry);
    }
    const consts = entry.closed.consts;
    const all = consts.length ? [...consts, ...arrays] : arrays;
    let outs: Array[];
    if (fk !== null) outs = executableFor(entry.closed.jaxpr, name).execute(all);
    else outs = bind(pjitP, all, { jaxpr: entry.closed.jaxpr, name });
    return treeUnflatten(entry.outDef, outs);
  };
  wrapped.lower = (...args: unknown[]) => prepare(args).entry.closed;
  return wrapped as unknown as Jitted<AnyFunction>;
}

function isArrayInstance(x: object): boolean {
  return isTracer(x) || x instanceof DeviceArray;
}

/**
 * JAX's `jax.make_jaxpr`: `makeJaxpr(f)(...args)` traces `f` for these arguments and returns its
 * jaxpr (the program `jit` would compile), which prints like JAX's (`` `${jaxpr}` ``).
 *
 * @example
 * ```ts
 * console.log(`${makeJaxpr((x: Array) => jnp.sin(x).mul(2))(jnp.ones([3]))}`);
 * // { lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = mul b 2.0:f32[] in (c,) }
 * ```
 */
export function makeJaxpr<F extends ArrayFunction, const A extends Argnums<F> = never>(f: F, opts?: JitOptions<A>): (...args: HostArgs<Parameters<F>>) => ClosedJaxpr;
export function makeJaxpr<F extends AnyFunction, const A extends Argnums<F> = never>(f: F, opts?: JitOptions<A>): (...args: HostArgs<Parameters<F>>) => ClosedJaxpr;
export function makeJaxpr(f: AnyFunction, opts: JitOptions = {}): (...args: unknown[]) => ClosedJaxpr {
  const j = jit(f, opts) as unknown as { lower(...args: unknown[]): ClosedJaxpr };
  return (...args) => j.lower(...args);
}

