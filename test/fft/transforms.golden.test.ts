// Issue 17 (jnp.fft): the transforms (fft … irfftn, hfft, ihfft) against JAX's outputs
// (test/golden/make_fft.py) over lengths n / s, axes and norms, with float32, int32 and complex64
// inputs (float64 / complex128 under x64), eagerly and under jit; gradients of
// sum(re(out)·ctRe + im(out)·ctIm) for real inputs against JAX's.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import type { Enc } from '../numpy/golden.js';
import { loadGolden } from '../numpy/golden.js';

const { numpy: jnp, lax, jit, grad, config } = jp;

interface CEnc {
  shape: number[];
  dtype: string;
  data?: (number | string)[];
  re?: number[];
  im?: number[];
}
interface TransformCase {
  fn: string;
  x: CEnc;
  x64: boolean;
  kwargs: Record<string, unknown>;
  out: CEnc;
  ctRe?: Enc;
  ctIm?: Enc;
  grad?: Enc;
}
const golden = loadGolden<{ transforms: TransformCase[] }>('fft.json');

type Fn = (a: jp.Array, opts: Record<string, unknown>) => jp.Array;
const fns = jnp.fft as unknown as Record<string, Fn>;

/** The jaxpool array of a golden value (complex as lax.complex of its parts). */
function input(e: CEnc): jp.Array {
  if (e.re) {
    const part = e.dtype === 'complex64' ? 'float32' : 'float64';
    return lax.complex(jnp.array(e.re, part).reshape(e.shape), jnp.array(e.im!, part).reshape(e.shape));
  }
  return jnp.array(e.data!.map(Number), e.dtype as jp.DTypeLike).reshape(e.shape);
}
const parts = (a: jp.Array): [number[], number[]] =>
  a.dtype.kind === 'c' ? [Array.from(lax.real(a).dataSync() as Float32Array, Number), Array.from(lax.imag(a).dataSync() as Float32Array, Number)] : [Array.from(a.dataSync() as Float32Array, Number), []];

/** Within the part dtype's rounding of a transform: 2e-6 (float32) or 1e-13 (float64) of the largest |value|, plus 2e-6 relative. */
function expectClose(got: jp.Array, want: CEnc, what: string) {
  expect([got.shape, got.dtype.name], what).toEqual([want.shape, want.dtype]);
  const [gr, gi] = parts(got);
  const [wr, wi] = want.re ? [want.re, want.im!] : [want.data!.map(Number), []];
  const scale = Math.max(1, ...wr.map(Math.abs), ...wi.map(Math.abs));
  const single = want.dtype === 'complex64' || want.dtype === 'float32';
  const atol = (single ? 2e-6 : 1e-13) * scale;
  const rtol = single ? 2e-6 : 1e-13;
  wr.forEach((w, k) => expect(Math.abs(gr[k]! - w), `${what} re[${k}]: ${gr[k]} vs ${w}`).toBeLessThanOrEqual(atol + rtol * Math.abs(w)));
  wi.forEach((w, k) => expect(Math.abs(gi[k]! - w), `${what} im[${k}]: ${gi[k]} vs ${w}`).toBeLessThanOrEqual(atol + rtol * Math.abs(w)));
}

const describeCase = (c: TransformCase) => `${c.fn}(${c.x.dtype}[${c.x.shape}], ${JSON.stringify(c.kwargs)})${c.x64 ? ' x64' : ''}`;

beforeEach(() => config.update('enableX64', false));
afterAll(() => config.update('enableX64', false));

describe("jnp.fft transforms against JAX's", () => {
  it('eager: values, shapes and dtypes', () => {
    for (const c of golden.transforms) {
      config.update('enableX64', c.x64);
      expectClose(fns[c.fn]!(input(c.x), c.kwargs), c.out, describeCase(c));
    }
  });

  it('under jit', () => {
    for (const c of golden.transforms.filter((_, i) => i % 3 === 0)) {
      config.update('enableX64', c.x64);
      expectClose(jit((a: jp.Array) => fns[c.fn]!(a, c.kwargs))(input(c.x)), c.out, `jit ${describeCase(c)}`);
    }
  });

  it('gradients of sum(re(out)·ctRe + im(out)·ctIm) for real inputs', () => {
    for (const c of golden.transforms.filter((t) => t.grad)) {
      config.update('enableX64', c.x64);
      const ctRe = jnp.array(c.ctRe!.data.map(Number), c.ctRe!.dtype as jp.DTypeLike).reshape(c.ctRe!.shape);
      const ctIm = jnp.array(c.ctIm!.data.map(Number), c.ctIm!.dtype as jp.DTypeLike).reshape(c.ctIm!.shape);
      const loss = (a: jp.Array) => {
        const out = fns[c.fn]!(a, c.kwargs);
        return out.dtype.kind === 'c' ? jnp.sum(lax.real(out).mul(ctRe).add(lax.imag(out).mul(ctIm))) : jnp.sum(out.mul(ctRe));
      };
      const g = grad(loss)(input(c.x));
      const want = c.grad!;
      expect([g.shape, g.dtype.name]).toEqual([want.shape, want.dtype]);
      const w = want.data.map(Number);
      const scale = Math.max(1, ...w.map(Math.abs));
      const tol = (want.dtype === 'float32' ? 1e-5 : 1e-12) * scale;
      Array.from(g.dataSync() as Float32Array, Number).forEach((v, k) => expect(Math.abs(v - w[k]!), `grad ${describeCase(c)}[${k}]: ${v} vs ${w[k]}`).toBeLessThanOrEqual(tol));
    }
  });
});
