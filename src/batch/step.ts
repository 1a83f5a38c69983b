// One batch step: `jit(vmap(fn))` over rows uploaded as flat host data, with the result flattened
// to its leaves. Tracing errors are the user's function failing (bad input); the rest is computing.
import { type Array, ClosedJaxpr, devicePut, jit, Jaxpr, numpy as jnp, treeUtil, vmap, type WorkerDevice } from '../index.js';
import { dtype, type DTypeName } from '../core/dtypes.js';
import { ShapedArray } from '../core/aval.js';
import { DeviceArray } from '../runtime/deviceArray.js';
import { NPY_DESCR, type NpyData, npyItemsize } from '../io/npy.js';
import { BatchInputError } from './errors.js';
import type { BatchFunction } from './types.js';

/** The dtype and the shape of one row of an input or output. */
export interface RowSpec {
  dtype: DTypeName;
  rowShape: number[];
}

/** Elements in one row. */
export function rowSize(s: RowSpec): number {
  return s.rowShape.reduce((a, b) => a * b, 1);
}

/** Bytes in one row. */
export function rowBytes(s: RowSpec): number {
  return rowSize(s) * npyItemsize(s.dtype);
}

/** Whether a jaxpr (or one nested in its equations' parameters) calls the host. */
function callsHost(j: Jaxpr): boolean {
  return j.eqns.some(
    (e) => /callback/.test(e.primitive.name) || Object.values(e.params).some((v) => (v instanceof Jaxpr && callsHost(v)) || (v instanceof ClosedJaxpr && callsHost(v.jaxpr))),
  );
}

export class BatchStep {
  private readonly step: ((count: number, ...flat: Array[]) => Array[]) & { lower: (...a: unknown[]) => ClosedJaxpr };
  private readonly checked = new Set<number>();
  private outs: RowSpec[] | null = null;
  /**
   * Whether the function calls host callbacks (known after the first trace). Such batches go one
   * per device: a launch on a device whose callback awaits a Promise would be taken for work of
   * that callback (nested), and the host runs callbacks one at a time anyway.
   */
  hostCallbacks = false;

  constructor(
    fn: BatchFunction,
    readonly inputs: RowSpec[],
    /** How the function is named in errors. */
    private readonly label: string,
  ) {
    const shapes = inputs.map((s) => s.rowShape);
    // count is static: it fixes the reshape, and rows of zero elements cannot tell it.
    this.step = jit(
      (count: number, ...flat: Array[]) => {
        const rows = flat.map((a, i) => a.reshape([count, ...shapes[i]!]));
        return treeUtil.treeFlatten(vmap(fn)(...rows))[0] as Array[];
      },
      { staticArgnums: 0 },
    ) as never;
  }

  /** Upload one input's rows (flat host data) to `device`. */
  upload(data: NpyData, i: number, device?: WorkerDevice): Array {
    const d = dtype(this.inputs[i]!.dtype);
    // Complex rows arrive as interleaved (re, im) parts, jaxpool's own layout: stored as they are.
    const a = d.kind === 'c' ? DeviceArray.fromHost(data, new ShapedArray([data.length / 2], d)) : jnp.asarray(data, { dtype: d });
    return device ? devicePut(a, device) : a;
  }

  /** Trace for `count` rows (once per count) and check the result can be written; returns the output specs. */
  trace(count: number, args: Array[]): RowSpec[] {
    if (this.checked.has(count)) return this.outs!;
    let closed: ClosedJaxpr;
    try {
      closed = this.step.lower(count, ...args);
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new BatchInputError(`${this.label} failed on a batch of ${count} rows: ${e instanceof Error && e.name !== 'Error' ? `${e.name}: ` : ''}${msg}`, { cause: e });
    }
    const avals = closed.outAvals;
    this.hostCallbacks ||= callsHost(closed.jaxpr);
    if (avals.length === 0) throw new BatchInputError(`${this.label} returns no arrays; it must return an array (or a pytree of arrays) per row.`);
    const outs = avals.map((a) => {
      if (!(a.dtype.name in NPY_DESCR)) throw new BatchInputError(`${this.label} returns ${a.dtype.name}, which batch output does not write; cast it (astype) to one of ${Object.keys(NPY_DESCR).join(', ')}.`);
      return { dtype: a.dtype.name as DTypeName, rowShape: a.shape.slice(1) };
    });
    if (this.outs && JSON.stringify(this.outs) !== JSON.stringify(outs))
      throw new BatchInputError(`${this.label} returns different shapes or dtypes for a batch of ${count} rows than for other batches; its result must depend only on each row.`);
    this.outs = outs;
    this.checked.add(count);
    return outs;
  }

  /** Trace for `count` rows of host data (uploaded to the default device, then freed): the output specs. */
  probe(count: number, data: NpyData[]): RowSpec[] {
    if (this.checked.has(count)) return this.outs!;
    const args = data.map((d, i) => this.upload(d, i));
    try {
      return this.trace(count, args);
    } finally {
      for (const a of args) a.delete();
    }
  }

  /** Launch the step on uploaded rows; returns the leaves at once (computing asynchronously). */
  dispatch(count: number, args: Array[]): Array[] {
    this.trace(count, args);
    return this.step(count, ...args);
  }
}
