// jnp.linalg.slogdet with method 'qr' against JAX 0.10.2 (test/golden/make_eig.py): sign and
// log|det| from Householder QR, and the gradient of log|det| (JAX's custom jvp, trace(a⁻¹ ȧ));
// eager, jit and vmap, and against method 'lu'.
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { type Enc, decode, expectClose, loadGolden } from '../numpy/golden.js';
import { mat, vals } from './helpers.js';

const { numpy: jnp, jit, vmap, grad, config } = jp;
interface SlogCase {
  name: string;
  dtype: string;
  a: Enc;
  sign: Enc;
  logabsdet: Enc;
  grad?: Enc;
}
const cases = loadGolden<{ slogdet: SlogCase[] }>('eig.json').slogdet;
afterAll(() => config.update('enableX64', false));
const qr = (a: jp.Array) => jnp.linalg.slogdet(a, { method: 'qr' }) as [jp.Array, jp.Array];

describe.each(['float32', 'float64'])('slogdet method qr against JAX (%s)', (dtype) => {
  for (const c of cases.filter((g) => g.dtype === dtype)) {
    it(c.name, () => {
      config.update('enableX64', dtype === 'float64');
      const a = decode(c.a);
      for (const [how, [s, l]] of [['eager', qr(a)], ['jit', jit(qr)(a)]] as const) {
        expectClose(s, c.sign, `${c.name} ${how} sign`);
        expectClose(l, c.logabsdet, `${c.name} ${how} logabsdet`, dtype === 'float64' ? 1e-12 : 1e-5);
      }
      if (c.grad) {
        const g = grad((x: jp.Array) => jnp.sum(qr(x)[1]))(a);
        expectClose(g, c.grad, `${c.name} grad`, dtype === 'float64' ? 1e-10 : 1e-4);
      }
    });
  }
});

describe('slogdet method qr', () => {
  it('agrees with method lu and under vmap', () => {
    config.update('enableX64', true);
    const a = jnp.stack([1, 2, 3, 4].map((seed) => mat(3, 3, seed, 'float64')));
    const [sq, lq] = qr(a);
    const [sl, ll] = jnp.linalg.slogdet(a) as [jp.Array, jp.Array];
    expect(vals(sq)).toEqual(vals(sl));
    vals(lq).forEach((v, i) => expect(v).toBeCloseTo(vals(ll)[i]!, 12));
    const [sv, lv] = vmap(qr)(a);
    expect(vals(sv)).toEqual(vals(sq));
    expect(vals(lv)).toEqual(vals(lq));
  });

  it('rejects unknown methods and non-square input', () => {
    expect(() => jnp.linalg.slogdet(jnp.eye(2), { method: 'cholesky' })).toThrow(/unknown method 'cholesky'/);
    expect(() => qr(jnp.zeros([2, 3]))).toThrow(jp.ShapeError);
  });
});
