// What every host-callback primitive shares: the host handler that runs the user's function on
// numjs arrays, and the kernel lowering that calls it from the middle of a worker program.
import type { NdArray } from '@d4c/numjs';
import type { ShapedArray } from '../core/aval.js';
import { CallbackError, CallbackResultError } from '../core/errors.js';
import type { Params } from '../core/primitive.js';
import type { KernelLowering } from '../compiler/lowering.js';
import { registerHostCallback, unregisterHostCallback } from '../runtime/device.js';
import { operandToHost, resultToDevice } from './hostArrays.js';

/** The user's function on flat operands; returns flat results (or a Promise of them). */
export interface HostCallback {
  readonly name: string;
  call(args: NdArray[]): unknown[] | null | Promise<unknown[] | null>;
}

export interface CallbackParams extends Params {
  callback: HostCallback;
  resultAvals: ShapedArray[];
}

// Handler ids per callback and operand signature; unregistered when the callback is collected.
const ids = new WeakMap<HostCallback, Map<string, number>>();
const unregister = new FinalizationRegistry<Map<string, number>>((bySig) => bySig.forEach(unregisterHostCallback));

/** Register (once per callback and operand signature) the host handler a program calls by id. */
export function hostHandlerId(cb: HostCallback, inAvals: ShapedArray[], outAvals: ShapedArray[]): number {
  let bySig = ids.get(cb);
  if (!bySig) {
    bySig = new Map();
    ids.set(cb, bySig);
    unregister.register(cb, bySig);
  }
  const sig = inAvals.map((a) => a.key()).join(',');
  let id = bySig.get(sig);
  if (id === undefined) {
    id = registerHostCallback((offsets) => runHostCallback(cb, offsets, inAvals, outAvals));
    bySig.set(sig, id);
  }
  return id;
}

function runHostCallback(cb: HostCallback, offsets: readonly number[], inAvals: ShapedArray[], outAvals: ShapedArray[]): void | Promise<void> {
  const args = inAvals.map((a, k) => operandToHost(offsets[k]!, a));
  const write = (results: unknown[] | null) => {
    if (outAvals.length === 0) return;
    if (!results || results.length !== outAvals.length)
      throw new CallbackResultError(
        `${cb.name} returned ${results ? results.length : 'no'} results, but ${outAvals.length} were declared (${outAvals.map((a) => a.str()).join(', ')}); return values matching the declared shapes.`,
      );
    results.forEach((r, j) => resultToDevice(r, offsets[inAvals.length + j]!, outAvals[j]!, cb.name));
  };
  let out: unknown[] | null | Promise<unknown[] | null>;
  try {
    out = cb.call(args);
  } catch (e) {
    throw wrapError(cb, e);
  }
  if (out instanceof Promise) return out.then(write, (e: unknown) => Promise.reject(wrapError(cb, e)));
  write(out);
}

function wrapError(cb: HostCallback, e: unknown): unknown {
  if (e instanceof CallbackResultError || e instanceof CallbackError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new CallbackError(`host callback ${cb.name} raised: ${msg}. The device and pool are still usable; fix the callback or its inputs.`, { cause: e });
}

/** The kernel: hand operand and result buffers to the host handler, then re-read heap views. */
export const callbackLowering: KernelLowering<CallbackParams> = {
  kind: 'kernel',
  emit(ctx, info) {
    const id = hostHandlerId(info.params.callback, info.inAvals, info.outAvals);
    const offs = [...info.inAvals.map((_, k) => ctx.inputOffset(k)), ...info.outAvals.map((_, k) => ctx.outputOffset(k))];
    return `rt.callHost(${id}, [${offs.join(', ')}]);\n${ctx.refresh}`;
  },
};
