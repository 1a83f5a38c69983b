// linalg.solve: x = A⁻¹ b for a 512×512 float32 A (uniform in [-1, 1) plus 32 on the diagonal:
// condition number ~3, so float32 solutions agree with the float64 one to ~1e-6) and one
// right-hand side. Each cell's output is checked twice: its residual ‖A x − b‖∞, computed in
// float64, within 1e-4 · (‖A‖∞ ‖x‖∞ + ‖b‖∞) (float32 backward error is ~n·2⁻²⁴ ≈ 3e-5), and x
// against the float64 solution. The js-loop is Gaussian elimination with partial pivoting
// (LAPACK's getf2 order) in float64; tfjs has no solve (n/a); jax-js runs eagerly (its jit cannot
// trace its own solve).
import type * as J from '../src/index.js';
import type { Family, Flat, Workload } from './harness.js';
import { f64, uniform } from './inputs.js';
import { jaxJsCell, jaxpoolCells, readAndFree, selfChecked } from './peers.js';

const N = 512;
const a = (): Float32Array => {
  const m = uniform(N * N, 11, -1, 1);
  for (let i = 0; i < N; i++) m[i * N + i]! += 32;
  return m;
};
const b = (): Float32Array => uniform(N, 12, -1, 1);

/** x with A x = b by Gaussian elimination with partial pivoting, in float64 (A and b copied). */
function gepp(a0: ArrayLike<number>, b0: ArrayLike<number>): Float64Array {
  const A = Float64Array.from(a0);
  const x = Float64Array.from(b0);
  for (let j = 0; j < N; j++) {
    let p = j;
    for (let i = j + 1; i < N; i++) if (Math.abs(A[i * N + j]!) > Math.abs(A[p * N + j]!)) p = i;
    if (p !== j) {
      for (let c = 0; c < N; c++) [A[j * N + c], A[p * N + c]] = [A[p * N + c]!, A[j * N + c]!];
      [x[j], x[p]] = [x[p]!, x[j]!];
    }
    const d = A[j * N + j]!;
    for (let i = j + 1; i < N; i++) {
      const l = A[i * N + j]! / d;
      if (l === 0) continue;
      for (let c = j + 1; c < N; c++) A[i * N + c]! -= l * A[j * N + c]!;
      x[i]! -= l * x[j]!;
    }
  }
  for (let i = N - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let c = i + 1; c < N; c++) s -= A[i * N + c]! * x[c]!;
    x[i] = s / A[i * N + i]!;
  }
  return x;
}

/** Throws unless ‖A x − b‖∞ (float64) ≤ 1e-4 · (‖A‖∞ ‖x‖∞ + ‖b‖∞); returns x. */
function residualChecked(x: Flat): Flat {
  const [av, bv] = [f64(a()), f64(b())];
  const xs = typeof x === 'number' ? [x] : x;
  if (xs.length !== N) throw new Error(`linalg.solve: ${xs.length} elements, want ${N}`);
  let [res, normA, normX, normB] = [0, 0, 0, 0];
  for (let i = 0; i < N; i++) {
    let s = -bv[i]!;
    let row = 0;
    for (let c = 0; c < N; c++) {
      s += av[i * N + c]! * xs[c]!;
      row += Math.abs(av[i * N + c]!);
    }
    res = Math.max(res, Math.abs(s));
    normA = Math.max(normA, row);
    normX = Math.max(normX, Math.abs(xs[i]!));
    normB = Math.max(normB, Math.abs(bv[i]!));
  }
  const bound = 1e-4 * (normA * normX + normB);
  if (!(res <= bound)) throw new Error(`linalg.solve: residual ‖Ax − b‖∞ = ${res} exceeds ${bound.toExponential(2)}`);
  return x;
}

/** A cell checked against the reference and by its residual. */
const checked = (run: () => Flat) => {
  const cell = selfChecked(run);
  return { run: cell.run, output: async () => residualChecked(await cell.output()) };
};

const solve: Workload = {
  name: 'linalg.solve',
  what: 'solve A x = b, A 512² f32 (+32·I), one right-hand side (js-loop: f64 GEPP; output checked by its f64 residual)',
  kind: 'throughput',
  dtype: 'float32',
  reference: () => gepp(f64(a()), f64(b())),
  impls: {
    'js-loop': () => {
      const [av, bv] = [a(), b()];
      return checked(() => gepp(av, bv));
    },
    ...jaxJsCell((jax) => {
      const A = jax.numpy.array(a()).reshape([N, N]);
      const B = jax.numpy.array(b()).reshape([N, 1]);
      // Eager: jax-js's jit cannot trace its own triangular_solve ("routine primitive input is not imm").
      return checked(() => jax.numpy.linalg.solve(A.ref, B.ref).dataSync());
    }),
    ...jaxpoolCells((jp) => {
      const A = jp.numpy.array(a()).reshape(N, N);
      const B = jp.numpy.array(b()).reshape(N, 1);
      const f = jp.jit((a: J.Array, b: J.Array) => jp.numpy.linalg.solve(a, b));
      return checked(() => readAndFree(f(A, B)));
    }),
  },
};

export const family: Family = { url: import.meta.url, workloads: [solve] };
