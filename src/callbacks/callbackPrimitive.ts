// What every host-callback primitive shares: the host handler that runs the user's function on
// numjs arrays, the kernel lowering that calls it from the middle of a worker program, and the
// eager path (one compiled program per signature, the handler named by an operand).
import type { NdArray } from '@d4c/numjs';
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { config } from '../core/config.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { complexDtype, int32, uint8 } from '../core/dtypes.js';
import { CallbackError, CallbackResultError, JaxpoolError } from '../core/errors.js';
import { Jaxpr, JaxprEqn, Var } from '../core/jaxpr.js';
import { definePrimitive, type Params, type PlaneValue, type Primitive, type PrimitiveRules } from '../core/primitive.js';
import { bind } from '../core/trace.js';
import { isPlanes, joinPlanes, splitPlanes } from '../lax/complexPlanes.js';
import type { KernelContext, KernelLowering } from '../compiler/lowering.js';
import { type Exp, i32, offsetOf } from '../ir/exp.js';
import { Executable } from '../compiler/executable.js';
import { allocate, heapViews } from '../runtime/heap.js';
import { type HostHandler, registerHostCallback, unregisterHostCallback } from '../runtime/host.js';
import { operandReader, resultWriter, retireViews, shapeStr } from './hostArrays.js';
import { complexOperandReader, complexResultWriter } from './complexHost.js';
import type { HostArray } from './types.js';

/** The user's function on flat operands; returns flat results (or a Promise of them). */
export interface HostCallback {
  readonly name: string;
  call(args: HostArray[]): unknown[] | null | Promise<unknown[] | null>;
  /** How long a Promise it returns may take to settle (default: config callbackTimeoutMs). */
  readonly timeoutMs?: number;
  /** How jaxprs print it. */
  toString(): string;
  /** The callback as run eagerly on these concrete arguments, when that differs (debug.print shows weak types). */
  eager?(args: readonly Array[]): HostCallback;
  /** Run eagerly, finish before returning (debug.print prints before the next statement runs). */
  readonly blocksWhenEager?: boolean;
}

export interface CallbackParams extends Params {
  callback: HostCallback;
  resultAvals: ShapedArray[];
}

// Handler ids per callback and operand signature, for compiled programs that name them. A
// program is never unloaded from its worker, so neither is the handler it calls.
const ids = new WeakMap<HostCallback, Map<string, number>>();

/** Register (once per callback and operand signature) the host handler a program calls by id. */
export function hostHandlerId(cb: HostCallback, inAvals: ShapedArray[], outAvals: ShapedArray[]): number {
  let bySig = ids.get(cb);
  if (!bySig) ids.set(cb, (bySig = new Map()));
  const sig = `${inAvals.map((a) => a.key()).join(',')}->${outAvals.map((a) => a.key()).join(',')}`;
  let id = bySig.get(sig);
  if (id === undefined) {
    id = registerHostCallback(hostHandler(cb, inAvals, outAvals), { name: cb.name, timeoutMs: cb.timeoutMs });
    bySig.set(sig, id);
  }
  return id;
}

/**
 * The handler: operand views in, the user's function, results written into the output buffers.
 * Readers and writers are built with it (once per signature for compiled programs), so a call
 * only moves data.
 */
function hostHandler(cb: HostCallback, inAvals: ShapedArray[], outAvals: ShapedArray[]): HostHandler {
  const nIn = inAvals.length;
  const readers = inAvals.map((a) => (a.dtype.kind === 'c' ? complexOperandReader(a) : operandReader(a)));
  const writers = outAvals.map((a, j) => (a.dtype.kind === 'c' ? complexResultWriter : resultWriter)(a, cb.name, outAvals.length > 1 ? j : -1));
  const write = (results: unknown[] | null, offsets: ArrayLike<number>): void => {
    if (writers.length === 0) return;
    if (!results || results.length !== writers.length)
      throw new CallbackResultError(
        `${cb.name} returned ${results ? results.length : 'no'} results, but ${outAvals.length} were declared (${outAvals.map((a) => shapeStr(a.shape)).join(', ')}); return values matching the declared shapes.`,
      );
    for (let j = 0; j < writers.length; j++) writers[j]!(results[j], offsets[nIn + j]!);
  };
  return (offsets) => {
    const copy = config.values.transferMode === 'copy';
    const args = new globalThis.Array<HostArray>(nIn);
    for (let k = 0; k < nIn; k++) args[k] = readers[k]!(offsets[k]!, copy);
    // Results are written before zero-copy arguments end: a callback may return one of them.
    const finish = (out: unknown[] | null): void => {
      try {
        write(out, offsets);
      } finally {
        if (!copy) retireViews(args);
      }
    };
    let out: unknown[] | null | Promise<unknown[] | null>;
    try {
      out = cb.call(args);
    } catch (e) {
      if (!copy) retireViews(args);
      throw wrapError(cb, e);
    }
    if (out instanceof Promise)
      return out.then(finish, (e: unknown) => {
        if (!copy) retireViews(args);
        return Promise.reject(wrapError(cb, e));
      });
    finish(out);
  };
}

/**
 * The `complex` rule of the callback primitives: the host sees a complex operand whole, so the
 * planes the complex pass made of it are joined into an interleaved buffer for the call, and
 * complex results are split into planes again after it.
 */
export function callbackComplex<P extends Params>(prim: () => Primitive<P>): NonNullable<PrimitiveRules<P>['complex']> {
  return (args: PlaneValue[], params: P, outAvals: ShapedArray[]): PlaneValue[] => {
    const ins = args.map((a) => (isPlanes(a) ? joinPlanes(a, a.re.aval.update({ dtype: complexDtype(a.re.dtype), weakType: false })) : a));
    const outs = bind(prim(), ins, params);
    return outs.map((o, i) => (outAvals[i]!.dtype.kind === 'c' ? splitPlanes(o) : o));
  };
}

/** The `timeoutMs` callback option, checked: a positive number of milliseconds, or none. */
export function timeoutOption(opts: { timeoutMs?: number }, what: string): number | undefined {
  const ms = opts.timeoutMs;
  if (ms !== undefined && !(typeof ms === 'number' && ms > 0))
    throw new JaxpoolError(`${what}: timeoutMs must be a positive number of milliseconds, got ${String(ms)}.`);
  return ms;
}

function wrapError(cb: HostCallback, e: unknown): unknown {
  if (e instanceof CallbackResultError || e instanceof CallbackError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new CallbackError(`host callback ${cb.name} raised: ${msg}. The device and pool are still usable; fix the callback or its inputs.`, { cause: e });
}

/**
 * Internal, for the bench only (bench/callbacks.ts measures what the protection costs, W6/W7 vs
 * W6/W7-unprotected): `enabled: false`, set before a program is traced, hands callbacks views of
 * the operands themselves, so a callback writing into its arguments would change device arrays.
 * Not exported from the package.
 */
export const operandCopies = { enabled: true };

/**
 * Call host handler `id` with operands `ins` (avals and byte offsets). Each operand is first
 * copied into scratch private to this call (a device memcpy), so that a callback writing into its
 * zero-copy view cannot reach a device array, a cached constant or a value the program reads
 * again; then the results' offsets follow (the heap views are re-read after the call: the host
 * may have grown the heap).
 */
function callHostWithCopies(ctx: KernelContext, id: Exp, ins: [ShapedArray, Exp][], outs: Exp[]): void {
  const offs = ins.map(([aval, src]) => {
    const bytes = aval.size * aval.dtype.itemsize;
    if (bytes === 0 || !operandCopies.enabled) return src;
    const dst = offsetOf(ctx.scratch(uint8, bytes));
    ctx.copy(dst, src, bytes);
    return dst;
  });
  ctx.callHost(id, [...offs, ...outs]);
}

/** The kernel: hand private copies of the operands and the result buffers to the host handler. */
export const callbackLowering: KernelLowering<CallbackParams> = {
  kind: 'kernel',
  build(ctx, info) {
    const id = hostHandlerId(info.params.callback, info.inAvals, info.outAvals);
    callHostWithCopies(ctx, i32(id), info.inAvals.map((a, k): [ShapedArray, Exp] => [a, ctx.inputOffset(k)]), info.outAvals.map((_, k) => ctx.outputOffset(k)));
  },
};

// --- eager calls ---
// Outside jit each call has its own function (often a fresh closure), so baking its handler id
// into the program would compile a new program per call. Instead one program per signature
// reads the id from its first operand, and each call registers a one-shot handler.

interface DynamicParams extends Params {
  resultAvals: ShapedArray[];
  effectful: boolean;
}

const dynamicCallbackP: Primitive<DynamicParams> = definePrimitive<DynamicParams>('host_callback_dynamic', {
  abstractEval: (_avals, p) => p.resultAvals,
  complex: callbackComplex(() => dynamicCallbackP),
  effectful: (p) => p.effectful,
  lower: {
    kind: 'kernel',
    build(ctx, info) {
      const ins = info.inAvals.slice(1).map((a, k): [ShapedArray, Exp] => [a, ctx.inputOffset(k + 1)]);
      callHostWithCopies(ctx, ctx.read(0, 0), ins, info.outAvals.map((_, k) => ctx.outputOffset(k)));
    },
  },
});

const idAval = new ShapedArray([], int32, false);
const executables = new Map<string, Executable>();

/** The eager rule of the callback primitives: run `cb` once on concrete `args`. */
export function applyCallback(name: string, cb: HostCallback, args: readonly Array[], resultAvals: ShapedArray[], effectful: boolean): Array[] {
  const inAvals = args.map((a) => a.aval.strongType());
  const key = `${effectful}|${inAvals.map((a) => a.key()).join(',')}|${resultAvals.map((a) => a.key()).join(',')}`;
  let exe = executables.get(key);
  if (!exe) {
    const ins = [new Var(idAval), ...inAvals.map((a) => new Var(a))];
    const outs = resultAvals.map((a) => new Var(a));
    exe = new Executable(new Jaxpr(ins, [new JaxprEqn(dynamicCallbackP as unknown as Primitive, ins, { resultAvals, effectful }, outs)], outs), name);
    executables.set(key, exe);
  }
  const handler = hostHandler(cb, inAvals, resultAvals);
  const id = registerHostCallback(
    (offsets, device) => {
      unregisterHostCallback(id);
      return handler(offsets, device);
    },
    { name: cb.name, timeoutMs: cb.timeoutMs },
  );
  // The id travels as control data, not user data: written straight into a device buffer, unlogged.
  const buf = allocate(4);
  heapViews().i32[buf.offset >> 2] = id;
  return exe.execute([new DeviceArray(idAval, buf, null), ...args]);
}
