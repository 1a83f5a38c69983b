// complex64/complex128 dtypes end to end: creation, readback, printing, promotion and arithmetic
// against JAX (test/golden/complex.json), eagerly and under jit.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { carray, expectComplexClose, golden, num } from './helpers.js';

const { numpy: jnp, lax } = jp;

describe('complex creation and readback', () => {
  it('jnp.array of {re, im} objects infers complex64; dataSync is interleaved; tolist gives {re, im}', () => {
    const x = jnp.array([{ re: 1, im: 2 }, { re: -3.5, im: -0 }]);
    expect(x.dtype.name).toBe('complex64');
    expect(x.shape).toEqual([2]);
    const d = x.dataSync();
    expect(d).toBeInstanceOf(Float32Array);
    expect(Array.from(d)).toEqual([1, 2, -3.5, -0]);
    expect(x.tolist()).toEqual([{ re: 1, im: 2 }, { re: -3.5, im: -0 }]);
    expect(JSON.parse(JSON.stringify(x))).toEqual([{ re: 1, im: 2 }, { re: -3.5, im: 0 }]);
  });

  it('mixed numbers and complex numbers; nested rows; real data with a complex dtype', () => {
    expect(jnp.array([[1, { re: 0, im: 1 }], [2.5, 3]]).tolist()).toEqual([
      [{ re: 1, im: 0 }, { re: 0, im: 1 }],
      [{ re: 2.5, im: 0 }, { re: 3, im: 0 }],
    ]);
    expect(jnp.array([1, 2], { dtype: 'complex64' }).tolist()).toEqual([{ re: 1, im: 0 }, { re: 2, im: 0 }]);
    expect(jnp.array(new Float32Array([1, 2]), { dtype: jnp.complex64 }).tolist()).toEqual([{ re: 1, im: 0 }, { re: 2, im: 0 }]);
    expect(jnp.zeros([2], jnp.complex64).tolist()).toEqual([{ re: 0, im: 0 }, { re: 0, im: 0 }]);
  });

  it('a {re, im} scalar is a weakly typed complex64 0-d array', () => {
    const z = jnp.asarray({ re: 1, im: -2 });
    expect([z.dtype.name, z.weakType, z.shape]).toEqual(['complex64', true, []]);
    expect(z.tolist()).toEqual({ re: 1, im: -2 });
  });

  it('interleaved float data views as complex (x.view), and back', () => {
    const f = jnp.array(new Float32Array([1, 2, 3, 4]));
    const z = f.view('complex64');
    expect([z.dtype.name, z.shape]).toEqual(['complex64', [2]]);
    expect(z.tolist()).toEqual([{ re: 1, im: 2 }, { re: 3, im: 4 }]);
    expect(Array.from(z.view('float32').dataSync())).toEqual([1, 2, 3, 4]);
    const jitted = jp.jit((a: jp.Array) => a.view('complex64').mul(2).view('float32'));
    expect(Array.from(jitted(f).dataSync())).toEqual([2, 4, 6, 8]);
  });

  it('item() of a complex array raises DtypeError (no JS number holds it); a complex value in a float array too', () => {
    expect(() => jnp.array({ re: 1, im: 2 }).item()).toThrow(jp.DtypeError);
    expect(() => jnp.array([{ re: 1, im: 2 }], { dtype: 'float32' })).toThrow(jp.DtypeError);
  });

  it('complex128 needs x64, as float64 does', () => {
    expect(() => jnp.zeros([2], 'complex128')).toThrow(/x64/);
  });

  it('dtype predicates and finfo as numpy', () => {
    expect(jnp.issubdtype(jnp.complex64, jnp.complexfloating)).toBe(true);
    expect(jnp.issubdtype(jnp.complex64, jnp.inexact)).toBe(true);
    expect(jnp.issubdtype(jnp.complex64, jnp.number)).toBe(true);
    expect(jnp.issubdtype(jnp.complex64, jnp.floating)).toBe(false);
    expect(jnp.issubdtype(jnp.float32, jnp.complexfloating)).toBe(false);
    const fi = jnp.finfo(jnp.complex64);
    expect([fi.dtype.name, fi.bits, fi.eps]).toEqual(['float32', 32, 2 ** -23]);
  });
});

describe('complex printing (numpy and JAX goldens)', () => {
  for (const c of golden.printing) {
    it(`${c.dtype}${JSON.stringify(c.shape)} ${c.str.slice(0, 30)}`, () => {
      const x64 = c.dtype === 'complex128';
      if (x64) jp.config.update('enableX64', true);
      try {
        const x = carray(c.values, c.dtype as jp.DTypeLike).reshape(c.shape);
        expect(String(x)).toBe(c.str);
        expect(inspect(x)).toBe(c.repr);
      } finally {
        if (x64) jp.config.update('enableX64', false);
      }
    });
  }
});

describe('promotion against JAX (jnp.add over every pair, weak types included)', () => {
  const operand = (k: string): jp.ArrayLike =>
    k === 'weak_int' ? 1 : k === 'weak_float' ? 1.5 : k === 'weak_complex' ? { re: 0, im: 1 } : jnp.ones([2], k as jp.DTypeLike);
  for (const [mode, table] of [
    ['x32', golden.promotion32],
    ['x64', golden.promotion64],
  ] as const) {
    describe(mode, () => {
      if (mode === 'x64') {
        beforeAll(() => jp.config.update('enableX64', true));
        afterAll(() => jp.config.update('enableX64', false));
      }
      it('every pair', () => {
        const bad: string[] = [];
        for (const [pair, want] of Object.entries(table.add)) {
          if (!pair.includes('complex')) continue; // the real pairs are test/core/promotion.test.ts's
          const [a, b] = pair.split(',') as [string, string];
          const r = jnp.add(operand(a), operand(b));
          if (r.dtype.name !== want.dtype || r.weakType !== want.weak) bad.push(`${pair}: got ${r.dtype.name}${r.weakType ? ' weak' : ''}, want ${want.dtype}${want.weak ? ' weak' : ''}`);
          const t = jnp.resultType(operand(a), operand(b));
          if (t.name !== want.dtype) bad.push(`resultType ${pair}: got ${t.name}, want ${want.dtype}`);
        }
        expect(bad).toEqual([]);
      });
    });
  }
});

for (const dtype of ['complex64', 'complex128'] as const)
  describe(`${dtype} arithmetic against JAX, eager and jit`, () => {
    const x64 = dtype === 'complex128';
    const f = x64 ? golden.functions128 : golden.functions;
    const [xs, ys] = f.binary_values;
    let x: jp.Array;
    let y: jp.Array;
    beforeAll(() => {
      if (x64) jp.config.update('enableX64', true);
      [x, y] = [carray(xs, dtype), carray(ys, dtype)];
    });
    afterAll(() => {
      if (x64) jp.config.update('enableX64', false);
    });
    const rtol = x64 ? 5e-16 : 3e-7;
    const ops: Record<string, (a: jp.Array, b: jp.Array) => jp.Array> = {
      add: jnp.add,
      subtract: jnp.subtract,
      multiply: jnp.multiply,
      divide: jnp.divide,
    };
    for (const [name, op] of Object.entries(ops)) {
      it(name, () => {
        const want = f.binary[name]!;
        expect(want.dtype).toBe(dtype);
        expectComplexClose(op(x, y), want.result as [string, string][], `${name} eager`, rtol);
        expectComplexClose(jp.jit(op)(x, y), want.result as [string, string][], `${name} jit`, rtol);
      });
    }
    for (const name of ['equal', 'not_equal']) {
      it(name, () => {
        const op = name === 'equal' ? jnp.equal : jnp.notEqual;
        const want = f.binary[name]!.result.map((v) => Boolean(num(v as number)));
        expect(Array.from(op(x, y).dataSync(), Boolean)).toEqual(want);
        expect(Array.from(jp.jit(op)(x, y).dataSync(), Boolean)).toEqual(want);
      });
    }
  });

describe('lax.complex, real, imag, conj', () => {
  it('build and take apart, eager and jit', () => {
    const re = jnp.array([1, -2.5, 0]);
    const im = jnp.array([0.5, 3, -1]);
    for (const run of [(g: (...a: jp.Array[]) => jp.Array) => g, jp.jit]) {
      const z = run((a: jp.Array, b: jp.Array) => lax.complex(a, b))(re, im);
      expect(z.tolist()).toEqual([{ re: 1, im: 0.5 }, { re: -2.5, im: 3 }, { re: 0, im: -1 }]);
      expect(run((a: jp.Array) => lax.real(a))(z).tolist()).toEqual([1, -2.5, 0]);
      expect(run((a: jp.Array) => lax.imag(a))(z).tolist()).toEqual([0.5, 3, -1]);
      expect(run((a: jp.Array) => lax.conj(a))(z).tolist()).toEqual([{ re: 1, im: -0.5 }, { re: -2.5, im: -3 }, { re: 0, im: 1 }]);
    }
  });

  it('lax.conj of a float array is complex with +0 imaginary parts (as JAX)', () => {
    const c = lax.conj(jnp.array([1.5, -2]));
    expect(c.dtype.name).toBe('complex64');
    expect(c.tolist()).toEqual([{ re: 1.5, im: 0 }, { re: -2, im: 0 }]);
  });

  it('structural ops act on both parts (reshape, transpose, slice, concatenate, broadcast, sum)', () => {
    const z = jnp.array([[{ re: 1, im: 2 }, { re: 3, im: 4 }], [{ re: 5, im: 6 }, { re: 7, im: 8 }]]);
    const f = (a: jp.Array) => jnp.concatenate([a.T, a.index({ start: 1 })], 0).reshape(6).sum();
    const want = { re: 1 + 3 + 5 + 7 + 5 + 7, im: 2 + 4 + 6 + 8 + 6 + 8 };
    expect(f(z).tolist()).toEqual(want);
    expect(jp.jit(f)(z).tolist()).toEqual(want);
    expect(jnp.broadcastTo(jnp.array({ re: 1, im: -1 }), [2, 2]).tolist()).toEqual([
      [{ re: 1, im: -1 }, { re: 1, im: -1 }],
      [{ re: 1, im: -1 }, { re: 1, im: -1 }],
    ]);
  });
});

describe('jaxprs', () => {
  it("print complex avals and literals as JAX's (literals without their type suffix, as every jaxpool literal)", () => {
    // JAX 0.10: { lambda ; a:c64[]. let b:c64[] = mul a (2+0j):c64[] in (b,) }
    expect(String(jp.makeJaxpr((z: jp.Array) => z.mul(2))(jnp.zeros([], jnp.complex64)))).toBe('{ lambda ; a:c64[]. let b:c64[] = mul a (2+0j) in (b,) }');
  });
});

describe('bad input', () => {
  const z = jnp.array([{ re: 1, im: 2 }]);
  it('ops without complex support raise DtypeError naming the op and dtype, eagerly and when traced', () => {
    expect(() => lax.floor(z)).toThrow(/floor does not support complex dtypes \(got complex64\)/);
    expect(() => lax.rem(z, z)).toThrow(jp.DtypeError);
    expect(() => lax.lt(z, z)).toThrow(jp.DtypeError);
    expect(() => jp.jit((a: jp.Array) => lax.ceil(a))(z)).toThrow(jp.DtypeError);
    expect(() => jp.makeJaxpr((a: jp.Array) => lax.rem(a, a))(z)).toThrow(jp.DtypeError);
  });
  it('lax.complex of complex parts is a DtypeError', () => {
    expect(() => lax.complex(z, z)).toThrow(jp.DtypeError);
  });
});

describe('complex multiply where a product overflows', () => {
  // JAX 0.10.2 on CPU (XLA's fused multiply-adds), x64:
  //   x = jnp.array([1e300+1e300j, 1e300-2e300j, 3+4j, 1e200+1e-200j]); y = jnp.array([1e300+1e300j, 2e300+1e300j, 5-6j, 1e200+1e200j])
  //   x * y -> [-inf+infj, inf+infj, 39+2j, inf+infj]   (a plain ac − bd gives inf − inf = nan)
  const want = [-Infinity, Infinity, Infinity, Infinity, 39, 2, Infinity, Infinity];
  const xs = [[1e300, 1e300], [1e300, -2e300], [3, 4], [1e200, 1e-200]];
  const ys = [[1e300, 1e300], [2e300, 1e300], [5, -6], [1e200, 1e200]];
  it('complex128 gives JAX\'s infinities, eagerly and under jit', () => {
    jp.config.update('enableX64', true);
    try {
      const x = jnp.array(xs.map(([re, im]) => ({ re: re!, im: im! })), 'complex128');
      const y = jnp.array(ys.map(([re, im]) => ({ re: re!, im: im! })), 'complex128');
      expect(Array.from(x.mul(y).dataSync())).toEqual(want);
      expect(Array.from(jp.jit((a: jp.Array, b: jp.Array) => a.mul(b))(x, y).dataSync())).toEqual(want);
    } finally {
      jp.config.update('enableX64', false);
    }
  });
});
