// fft_planes: the unnormalised 1-d DFT along the last axis of a complex array held as two real
// planes (re, im) of one shape and float dtype, X_k = Σ_j x_j·exp(∓2πi·jk/n) (− forward, +
// inverse). It is what complex FFTs decompose into, and is real-linear in (re, im): its jvp applies
// it to the tangents, and its transpose is the adjoint DFT — for the unnormalised forward
// transform, the unnormalised inverse (conj(F)ᵀ = conj(F), F being symmetric), and vice versa.
// vmap keeps any batch dimension but the last. The kernel is compiler/kernels/fft.ts.
import type { Array } from '../core/array.js';
import { ShapedArray } from '../core/aval.js';
import { float32, float64 } from '../core/dtypes.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { definePrimitive, type Params, type Primitive, UndefinedPrimal } from '../core/primitive.js';
import { bind } from '../core/trace.js';
import { moveBatchToFront } from './batching.js';
import { full } from './structural.js';

/** fft_planes's parameters. */
export interface FftPlanesParams extends Params {
  /** exp(+2πi·jk/n) instead of exp(−2πi·jk/n); neither direction is scaled by 1/n. */
  inverse: boolean;
}

/** The planar DFT primitive: (re, im) → (re', im') along the last axis. */
export const fftPlanesP: Primitive<FftPlanesParams> = definePrimitive<FftPlanesParams>('fft_planes', {
  abstractEval: ([re, im]) => {
    if (re!.shape.join() !== im!.shape.join() || re!.dtype !== im!.dtype)
      throw new ShapeError(`fft_planes: the real and imaginary planes must have one shape and dtype, got ${re!.str()} and ${im!.str()}.`);
    if (re!.dtype !== float32 && re!.dtype !== float64) throw new DtypeError(`fft_planes: the planes must be float32 or float64, got ${re!.dtype}; convert them first.`);
    if (re!.ndim === 0) throw new ShapeError('fft_planes: the planes must have at least one axis (the transformed one), got 0-d arrays.');
    return [new ShapedArray(re!.shape, re!.dtype, false), new ShapedArray(re!.shape, re!.dtype, false)];
  },
  jvp: (primals, tangents, p) => [bind(fftPlanesP, primals, p), bind(fftPlanesP, tangents, p)],
  transpose: (cts, args, p) => {
    const aval = (args[0] instanceof UndefinedPrimal ? args[0] : (args[1] as UndefinedPrimal)).aval;
    const [cr, ci] = cts.map((c) => c ?? full(aval.shape, 0, aval.dtype));
    const out = bind(fftPlanesP, [cr!, ci!], { inverse: !p.inverse });
    return args.map((a, k) => (a instanceof UndefinedPrimal ? out[k]! : null));
  },
  batch: (args, dims, p) => {
    const k = dims.findIndex((d) => d !== null);
    const d = dims[k]!;
    const last = args[k]!.ndim - 1;
    if (dims[0] === dims[1] && d !== last) return [bind(fftPlanesP, args, p), [d, d]];
    const size = args[k]!.shape[d]!;
    return [bind(fftPlanesP, args.map((a, i) => moveBatchToFront(a, dims[i]!, size)), p), [0, 0]];
  },
  lower: { kind: 'builtin', kernel: 'fft' },
});

/** The unnormalised DFT (or inverse DFT) along the last axis of the complex array re + i·im, as planes. */
export function fftPlanes(re: Array, im: Array, inverse = false): [Array, Array] {
  const [a, b] = bind(fftPlanesP, [re, im], { inverse });
  return [a!, b!];
}
