// jnp.convolve and jnp.correlate (1-D, modes full/same/valid) as JAX computes them — a
// cross-correlation of the longer operand, zero-padded, with the shorter — as one 1-d
// conv_general_dilated (whose jvp, transposes and batching give their derivatives and vmap).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe, dtypeArg } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { conj } from '../lax/complex.js';
import { convRaw } from '../lax/conv.js';
import { convertElementType } from '../lax/elementwise.js';
import { rev } from '../lax/slicing.js';
import { reshape } from '../lax/structural.js';
import { declare } from './declare.js';
import type { DotOptions } from './dotOperands.js';
import { promoteDtypes, promoteDtypesInexact } from './promote.js';

/** convolve's and correlate's mode: the full overlap, the longer input's length, or only complete overlaps. */
export type ConvolveMode = 'full' | 'same' | 'valid';

/** convolve's and correlate's options. */
export interface ConvolveOptions extends DotOptions {
  mode?: ConvolveMode;
}

/** out[i] = Σ_k xp[i + k]·y[k] for x zero-padded by (padLo, padHi): one 1-d conv_general_dilated. */
function correlateValid(x: Array, y: Array, padLo: number, padHi: number): Array {
  const iota = [0, 1, 2];
  const out = convRaw(reshape(x, [1, 1, x.shape[0]!]), reshape(y, [1, 1, y.shape[0]!]), {
    windowStrides: [1],
    padding: [[padLo, padHi]],
    lhsDilation: [1],
    rhsDilation: [1],
    dimensionNumbers: { lhsSpec: iota, rhsSpec: [...iota], outSpec: [...iota] },
    featureGroupCount: 1,
    batchGroupCount: 1,
  });
  return reshape(out, [out.shape[2]!]);
}

function conv(op: 'convolve' | 'correlate', a: ArrayLike, v: ArrayLike, rest: unknown[], defaultMode: ConvolveMode): Array {
  const o = bindArgs(op, ['mode', 'precision', 'preferredElementType'], rest, ['precision', 'preferredElementType']);
  let x = asArray(a);
  let y = asArray(v);
  if (x.ndim !== 1 || y.ndim !== 1) throw new ShapeError(`${op}() only supports 1-dimensional inputs, got shapes [${x.shape}] and [${y.shape}].`);
  const pref = dtypeArg(o.preferredElementType);
  // NumPy's default for convolutions: promote to inexact (unless a result dtype is asked for).
  [x, y] = (pref ? promoteDtypes(x, y).map((t) => convertElementType(t, pref, false)) : promoteDtypesInexact(x, y)) as [Array, Array];
  if (x.size === 0 || y.size === 0) throw new ShapeError(`${op}: inputs cannot be empty, got shapes [${x.shape}] and [${y.shape}].`);
  // correlate conjugates its second operand before any swap, as JAX's _conv.
  if (op === 'correlate' && y.dtype.kind === 'c') y = conj(y);
  let reversed = false;
  if (x.shape[0]! < y.shape[0]!) {
    [x, y] = [y, x];
    reversed = op === 'correlate';
  }
  if (op === 'convolve') y = rev(y, [0]);
  const mode = o.mode ?? defaultMode;
  const n = y.shape[0]!;
  const pads: Record<string, [number, number]> = { valid: [0, 0], same: [n >> 1, n - (n >> 1) - 1], full: [n - 1, n - 1] };
  const pad = pads[mode as string];
  if (!pad) throw new ShapeError(`${op}: mode must be one of 'full', 'same', 'valid', got ${describe(mode)}.`);
  const out = correlateValid(x, y, pad[0], pad[1]);
  return reversed ? rev(out, [0]) : out;
}

/** Convolution of two one-dimensional arrays (`convolve(a, v, mode = 'full')`; ints promote to float); a ShapeError for other ranks or empty inputs. */
export const convolve = declare('convolve', {
  arrays: 2,
  impl: (a: ArrayLike, v: ArrayLike, ...rest: [mode?: ConvolveMode | ConvolveOptions, opts?: ConvolveOptions]): Array => conv('convolve', a, v, rest, 'full'),
});

/** Correlation of two one-dimensional arrays (`correlate(a, v, mode = 'valid')`; ints promote to float); a ShapeError for other ranks or empty inputs. */
export const correlate = declare('correlate', {
  arrays: 2,
  impl: (a: ArrayLike, v: ArrayLike, ...rest: [mode?: ConvolveMode | ConvolveOptions, opts?: ConvolveOptions]): Array => conv('correlate', a, v, rest, 'valid'),
});
