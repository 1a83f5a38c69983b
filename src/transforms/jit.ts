// jit: stage a function to a jaxpr once per signature and run it as one compiled program.
import type { Array, ArrayLike } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import { asArray } from '../core/convert.js';
import { DeviceArray } from '../core/deviceArray.js';
import { type ClosedJaxpr, type Jaxpr, evalJaxpr, Lit } from '../core/jaxpr.js';
import { definePrimitive, type Params, type Primitive } from '../core/primitive.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../core/pytree.js';
import { bind, currentDynamic, isTracer } from '../core/trace.js';
import { checkImplicitTransfer } from '../core/transferGuard.js';
import { config } from '../core/config.js';
import { Executable } from '../compiler/executable.js';
import { paramsKey } from '../compiler/applyPrimitive.js';
import { jvpFlat } from './jvp.js';
import { traceToJaxpr } from './staging.js';
import { vmapFlat } from './vmap.js';
import { moveBatchToFront } from '../lax/batching.js';

interface PjitParams extends Params {
  jaxpr: Jaxpr;
  name: string;
}

const executables = new WeakMap<Jaxpr, Executable>();

function executableFor(jaxpr: Jaxpr, name: string): Executable {
  let exe = executables.get(jaxpr);
  if (!exe) executables.set(jaxpr, (exe = new Executable(jaxpr, name)));
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

export interface JitOptions {
  staticArgnums?: number | number[];
}

interface CacheEntry {
  closed: ClosedJaxpr;
  outDef: TreeDef;
}

/** `jit(f, {staticArgnums})`: trace once per (shapes, dtypes, weak types, static values), then run compiled. */
/** A function's parameters with Array widened to ArrayLike: transformed functions take host values too. */
export type HostArgs<P extends readonly unknown[]> = { [K in keyof P]: Array extends P[K] ? ArrayLike | P[K] : P[K] };
/** What jit returns: `f` on arrays or host values, and `lower` for its jaxpr. */
export type Jitted<F extends (...args: any[]) => any> = F & ((...args: HostArgs<Parameters<F>>) => ReturnType<F>) & { lower: (...args: HostArgs<Parameters<F>>) => ClosedJaxpr };

export function jit<F extends (...args: any[]) => any>(f: F, opts: JitOptions = {}): Jitted<F> {
  const statics = new Set(typeof opts.staticArgnums === 'number' ? [opts.staticArgnums] : (opts.staticArgnums ?? []));
  const cache = new Map<string, CacheEntry>();
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
  const fastCache = new Map<string, CacheEntry>();
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
  return wrapped as unknown as Jitted<F>;
}

function isArrayInstance(x: object): boolean {
  return isTracer(x) || x instanceof DeviceArray;
}

/** `makeJaxpr(f)(...args)`: the jaxpr jit would compile, printable like JAX's. */
export function makeJaxpr<F extends (...args: any[]) => any>(f: F, opts: JitOptions = {}): (...args: HostArgs<Parameters<F>>) => ClosedJaxpr {
  const j = jit(f, opts);
  return (...args) => j.lower(...args);
}

