// Shape, indexing, joining, reduction and product functions on complex arrays. The reference is
// the function's linearity: f(a + ib) = f(a) + i f(b) for the real arrays a, b (each function
// below is real-linear), run on float arrays; products against the expansion into real ones.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

const close = (got: number[], want: number[], rtol = 1e-5) =>
  got.length === want.length && got.every((g, i) => Math.abs(g - want[i]!) <= rtol * (1 + Math.abs(want[i]!)));

/** A complex array's interleaved values, and those of the complex array made of real parts `re` and `im`. */
const data = (x: jp.Array) => Array.from(x.dataSync() as ArrayLike<number>);
const combine = (re: jp.Array, im: jp.Array) => jp.lax.complex(re.astype('float32'), im.astype('float32'));

const LINEAR: Record<string, (x: jp.Array) => jp.Array> = {
  reshape: (x) => jnp.reshape(x, [4, 3]),
  transpose: (x) => jnp.transpose(x),
  broadcastTo: (x) => jnp.broadcastTo(x, [2, 3, 4]),
  expandDims: (x) => jnp.expandDims(x, 1),
  squeeze: (x) => jnp.squeeze(jnp.expandDims(x, 0)),
  flip: (x) => jnp.flip(x, 1),
  roll: (x) => jnp.roll(x, 2, 1),
  rot90: (x) => jnp.rot90(x),
  tile: (x) => jnp.tile(x, [2, 1]),
  repeat: (x) => jnp.repeat(x, 2, 0),
  swapaxes: (x) => jnp.swapaxes(x, 0, 1),
  ravel: (x) => jnp.ravel(x),
  concatenate: (x) => jnp.concatenate([x, x.index({}, { start: 1 })], 1),
  stack: (x) => jnp.stack([x, x], 2),
  split: (x) => jnp.split(x, 2, 1)[1]!,
  hstack: (x) => jnp.hstack([x, x]),
  vstack: (x) => jnp.vstack([x, x]),
  take: (x) => jnp.take(x, jnp.array([2, 0, 2]), 1),
  takeAlongAxis: (x) => jnp.takeAlongAxis(x, jnp.array([[1], [0], [3]]), 1),
  index: (x) => x.index(jnp.array([2, 0]), { start: 1, step: 2 }),
  atSet: (x) => x.at(1).set(jnp.zeros([4], jnp.complex64).add(x.index(0))),
  atAdd: (x) => x.at(jnp.array([0, 0])).add(x.index(2)),
  where: (x) => jnp.where(jnp.array([true, false, true, false]), x, x.mul(2)),
  pad: (x) => jnp.pad(x, [[1, 0], [0, 2]]),
  tril: (x) => jnp.tril(x, 1),
  triu: (x) => jnp.triu(x),
  diagonal: (x) => jnp.diagonal(x, 1),
  trace: (x) => jnp.trace(x),
  diag: (x) => jnp.diag(x.index(1)),
  sum: (x) => jnp.sum(x, 0),
  sumAll: (x) => jnp.sum(x),
  mean: (x) => jnp.mean(x, 1),
  cumsum: (x) => jnp.cumsum(x, 1),
  negative: (x) => jnp.negative(x),
  scale: (x) => x.mul(2.5).sub(x.div(4)),
};

const arbMatrix = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 24, maxLength: 24 });

describe('real-linear functions act on both parts alike: f(a + ib) = f(a) + i f(b)', () => {
  for (const [name, f] of Object.entries(LINEAR))
    it(name, () => {
      fc.assert(
        fc.property(arbMatrix, (vals) => {
          const re = jnp.array(vals.slice(0, 12), { dtype: 'float32' }).reshape(3, 4);
          const im = jnp.array(vals.slice(12), { dtype: 'float32' }).reshape(3, 4);
          const z = combine(re, im);
          const want = data(combine(f(re), f(im)));
          const got = f(z);
          expect(got.dtype.name).toBe('complex64');
          return close(data(got), want) && close(data(jp.jit(f)(z)), want);
        }),
        { numRuns: 5 },
      );
    });
});

describe('products against their real expansion', () => {
  it('matmul, dot, vdot (conjugating the first argument), inner, outer, tensordot; eager and jit', () => {
    fc.assert(
      fc.property(arbMatrix, arbMatrix, (va, vb) => {
        const [ar, ai] = [jnp.array(va.slice(0, 12)).reshape(3, 4), jnp.array(va.slice(12)).reshape(3, 4)];
        const [br, bi] = [jnp.array(vb.slice(0, 12)).reshape(4, 3), jnp.array(vb.slice(12)).reshape(4, 3)];
        const [a, b] = [combine(ar, ai), combine(br, bi)];
        const mm = (x: jp.Array, y: jp.Array) => jnp.matmul(x, y);
        const wantMatmul = data(combine(mm(ar, br).sub(mm(ai, bi)), mm(ar, bi).add(mm(ai, br))));
        const bT = b.T;
        const [bTr, bTi] = [br.T, bi.T];
        // vdot(a, b) = sum(conj(a) * b) over the flattened arrays.
        const wantVdot = data(combine(jnp.sum(ar.mul(bTr).add(ai.mul(bTi))), jnp.sum(ar.mul(bTi).sub(ai.mul(bTr)))));
        const wantInner = data(combine(jnp.inner(ar, bTr).sub(jnp.inner(ai, bTi)), jnp.inner(ar, bTi).add(jnp.inner(ai, bTr))));
        return (
          close(data(jnp.matmul(a, b)), wantMatmul, 1e-4) &&
          close(data(jp.jit(mm)(a, b)), wantMatmul, 1e-4) &&
          close(data(jnp.dot(a, b)), wantMatmul, 1e-4) &&
          close(data(jnp.tensordot(a, b, 1)), wantMatmul, 1e-4) &&
          close(data(jnp.vdot(a, bT)), wantVdot, 1e-4) &&
          close(data(jnp.inner(a, bT)), wantInner, 1e-4) &&
          close(data(jnp.outer(a, b)), data(combine(jnp.outer(ar, br).sub(jnp.outer(ai, bi)), jnp.outer(ar, bi).add(jnp.outer(ai, br)))), 1e-4) &&
          close(data(jnp.kron(a, b)), data(combine(jnp.kron(ar, br).sub(jnp.kron(ai, bi)), jnp.kron(ar, bi).add(jnp.kron(ai, br)))), 1e-4)
        );
      }),
      { numRuns: 5 },
    );
  });

  it('a large complex matmul (the blocked kernel) against its real expansion', () => {
    const n = 96;
    const k = jnp.arange(n * n).reshape(n, n);
    const [ar, ai, br, bi] = [jnp.sin(k), jnp.cos(k.mul(0.5)), jnp.cos(k.mul(0.3)), jnp.sin(k.mul(0.7))];
    const got = jnp.matmul(combine(ar, ai), combine(br, bi));
    const want = combine(jnp.matmul(ar, br).sub(jnp.matmul(ai, bi)), jnp.matmul(ar, bi).add(jnp.matmul(ai, br)));
    expect(close(data(got), data(want), 1e-4)).toBe(true);
  });
});

describe('prod (a tree of complex multiplications)', () => {
  it('over every axis choice, against a JS product; its gradient against the product of the others', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: 30, maxLength: 30 }), fc.constantFrom(null, 0, 1, 2, [0, 2]), (v, axis) => {
        const pairs = globalThis.Array.from({ length: 15 }, (_, i) => ({ re: v[2 * i]!, im: v[2 * i + 1]! }));
        const z = jnp.array(pairs).reshape(1, 3, 5);
        const got = data(jnp.prod(z, axis as never));
        const shape = [1, 3, 5];
        const axes = axis === null ? [0, 1, 2] : typeof axis === 'number' ? [axis] : axis;
        const keptShape = shape.map((n, d) => (axes.includes(d) ? 1 : n));
        const want: number[] = [];
        const total = keptShape.reduce((a, b) => a * b, 1);
        for (let k = 0; k < total; k++) {
          let [pr, pi] = [1, 0];
          pairs.forEach((c, i) => {
            const idx = [Math.floor(i / 15), Math.floor(i / 5) % 3, i % 5];
            const kidx = idx.map((x, d) => (axes.includes(d) ? 0 : x));
            const flatK = (kidx[0]! * keptShape[1]! + kidx[1]!) * keptShape[2]! + kidx[2]!;
            if (flatK === k) [pr, pi] = [pr * c.re - pi * c.im, pr * c.im + pi * c.re];
          });
          want.push(pr, pi);
        }
        return close(got, want, 1e-4);
      }),
      { numRuns: 10 },
    );
    // d/dz_k real(prod z) through the planes: the product of the others (JAX's convention, no conjugate).
    const z = jnp.array([{ re: 1, im: 2 }, { re: 0.5, im: -1 }, { re: -2, im: 0.25 }]);
    const g = data(jp.grad((x: jp.Array) => jnp.real(jnp.prod(x)))(z));
    const others = [data(z.index(1).mul(z.index(2))), data(z.index(0).mul(z.index(2))), data(z.index(0).mul(z.index(1)))].flat();
    expect(close(g, others, 1e-5)).toBe(true);
  });
});

describe('comparisons and predicates', () => {
  it('isclose/allclose compare complex values by |a − b|', () => {
    const a = jnp.array([{ re: 1, im: 1 }, { re: 1, im: 1 }, { re: NaN, im: 0 }]);
    const b = jnp.array([{ re: 1, im: 1 + 1e-7 }, { re: 1, im: 1.1 }, { re: NaN, im: 0 }]);
    expect(jnp.isclose(a, b).tolist()).toEqual([true, false, false]);
    expect(jnp.isclose(a, b, { equalNan: true }).tolist()).toEqual([true, false, true]);
    expect(jnp.allclose(a.index({ stop: 1 }), b.index({ stop: 1 })).item()).toBe(true);
  });

  it('iscomplex, isreal, iscomplexobj, isrealobj as numpy', () => {
    const z = jnp.array([{ re: 1, im: 0 }, { re: 0, im: 2 }]);
    expect(jnp.iscomplex(z).tolist()).toEqual([false, true]);
    expect(jnp.isreal(z).tolist()).toEqual([true, false]);
    expect(jnp.iscomplex(jnp.array([1.5])).tolist()).toEqual([false]);
    expect([jnp.iscomplexobj(z), jnp.isrealobj(z), jnp.iscomplexobj(jnp.array([1])), jnp.isrealobj(3)]).toEqual([true, false, false, true]);
  });

  it('real/imag/conj of real arrays, x.real, x.imag, x.conj()', () => {
    const x = jnp.array([1.5, -2]);
    expect([jnp.real(x).tolist(), jnp.imag(x).tolist(), jnp.conj(x).dtype.name]).toEqual([[1.5, -2], [0, 0], 'float32']);
    const z = jnp.array([{ re: 1, im: 2 }]);
    expect([z.real.tolist(), z.imag.tolist(), z.conj().tolist(), z.conjugate().tolist()]).toEqual([[1], [2], [{ re: 1, im: -2 }], [{ re: 1, im: -2 }]]);
    expect(jnp.angle(jnp.array([{ re: 0, im: 1 }]), { deg: true }).tolist()).toEqual([90]);
  });

  it('astype: complex to real takes the real part, to bool tests both parts, real to complex has zero imaginary parts', () => {
    const z = jnp.array([{ re: 1.5, im: 2 }, { re: 0, im: 0 }, { re: 0, im: -1 }]);
    expect(z.astype('float32').tolist()).toEqual([1.5, 0, 0]);
    expect(z.astype('int32').tolist()).toEqual([1, 0, 0]);
    expect(z.astype('bool').tolist()).toEqual([true, false, true]);
    expect(jnp.array([1, 2]).astype('complex64').tolist()).toEqual([{ re: 1, im: 0 }, { re: 2, im: 0 }]);
  });
});

describe('functions without complex support raise DtypeError instead of computing on one part', () => {
  const z = jnp.array([{ re: 1, im: 2 }, { re: -1, im: 0.5 }]);
  for (const [name, call] of Object.entries({
    floorDivide: () => jnp.floorDivide(z, z),
    floor: () => jnp.floor(z),
    round: () => jnp.round(z),
    argmax: () => jnp.argmax(z),
    trunc: () => jnp.trunc(z),
    nanToNum: () => jnp.nanToNum(z),
    cbrt: () => jnp.cbrt(z),
    heaviside: () => jnp.heaviside(z, z),
    clip: () => jnp.clip(z, 0, 1),
    logaddexp: () => jnp.logaddexp(z, z),
    signbit: () => jnp.signbit(z),
  }))
    it(name, () => expect(call).toThrow(jp.DtypeError));
});
