// Issue 17: jax.random under the transformations — vmap over a batch of keys equals a JS loop,
// jit equals eager (typed keys pass through jit and vmap as pytree nodes), grad through the
// reparameterisation — and bad keys, seeds and dtypes raise clear errors.
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp, random, vmap, jit, grad } = jp;
const arr = (x: unknown) => (x instanceof random.PRNGKeyArray ? x.data : (x as jp.Array)).tolist();

describe('vmap over keys equals a loop', () => {
  const keys = random.split(random.PRNGKey(3), 4) as jp.Array;
  const loop = (f: (k: jp.Array) => unknown) => Array.from(keys, (k) => arr(f(k)));
  it('split', () => {
    expect(arr(vmap((k: jp.Array) => random.split(k) as jp.Array)(keys))).toEqual(loop((k) => random.split(k)));
  });
  it('normal, uniform, randint, bits, foldIn', () => {
    expect(arr(vmap((k: jp.Array) => random.normal(k, [3]))(keys))).toEqual(loop((k) => random.normal(k, [3])));
    expect(arr(vmap((k: jp.Array) => random.uniform(k, [2, 2], { minval: -2, maxval: 3 }))(keys))).toEqual(loop((k) => random.uniform(k, [2, 2], { minval: -2, maxval: 3 })));
    expect(arr(vmap((k: jp.Array) => random.randint(k, [5], -3, 9))(keys))).toEqual(loop((k) => random.randint(k, [5], -3, 9)));
    expect(arr(vmap((k: jp.Array) => random.bits(k, [2]))(keys))).toEqual(loop((k) => random.bits(k, [2])));
    expect(arr(vmap((k: jp.Array) => random.foldIn(k, 17) as jp.Array)(keys))).toEqual(loop((k) => random.foldIn(k, 17)));
  });
  it('foldIn over a batch of data', () => {
    const k = random.PRNGKey(0);
    const ds = jnp.array([0, 1, 2, 1000], 'uint32');
    expect(arr(vmap((d: jp.Array) => random.foldIn(k, d) as jp.Array)(ds))).toEqual([0, 1, 2, 1000].map((d) => arr(random.foldIn(k, d))));
  });
  it('typed keys: vmap and jit take and return key arrays', () => {
    const typed = random.split(random.key(3), 4) as jp.random.PRNGKeyArray;
    expect(typed).toBeInstanceOf(random.PRNGKeyArray);
    expect(typed.shape).toEqual([4]);
    expect(arr(vmap((k: jp.random.PRNGKeyArray) => random.normal(k, [3]))(typed))).toEqual(loop((k) => random.normal(k, [3])));
    const sub = vmap((k: jp.random.PRNGKeyArray) => random.split(k, 3))(typed) as unknown as jp.random.PRNGKeyArray;
    expect(sub).toBeInstanceOf(random.PRNGKeyArray);
    expect(sub.shape).toEqual([4, 3]);
    expect(arr(sub)).toEqual(loop((k) => random.split(k, 3)));
    const j = jit((k: jp.random.PRNGKeyArray) => random.split(k))(random.key(5)) as unknown as jp.random.PRNGKeyArray;
    expect(j).toBeInstanceOf(random.PRNGKeyArray);
    expect(arr(j)).toEqual(arr(random.split(random.PRNGKey(5))));
  });
});

describe('jit equals eager', () => {
  it('samplers with a traced key', () => {
    const k = random.PRNGKey(11);
    const f = jit((key: jp.Array) => [random.normal(key, [4]), random.uniform(key, [3], 'float32', 1, 2), random.randint(key, [3], 0, 7), random.split(key, 3) as jp.Array]);
    const [a, b, c, d] = f(k);
    expect(a!.tolist()).toEqual(random.normal(k, [4]).tolist());
    expect(b!.tolist()).toEqual(random.uniform(k, [3], 'float32', 1, 2).tolist());
    expect(c!.tolist()).toEqual(random.randint(k, [3], 0, 7).tolist());
    expect(d!.tolist()).toEqual(arr(random.split(k, 3)));
  });
  it('a traced seed', () => {
    const f = jit((s: jp.Array) => random.normal(random.PRNGKey(s), [2]));
    expect(f(jnp.array(7, 'int32')).tolist()).toEqual(random.normal(random.PRNGKey(7), [2]).tolist());
  });
});

describe('grad where JAX defines it', () => {
  it('the reparameterisation mu + sigma * normal(key)', () => {
    const k = random.PRNGKey(0);
    const eps = random.normal(k, [5]);
    const loss = (mu: jp.Array, sigma: jp.Array) => jnp.sum(jnp.add(mu, jnp.multiply(sigma, random.normal(k, [5]))));
    const [gmu, gsigma] = grad(loss, { argnums: [0, 1] })(jnp.array(0.5), jnp.array(2.0)) as jp.Array[];
    expect(gmu!.item()).toBe(5);
    expect(gsigma!.item()).toBeCloseTo(jnp.sum(eps).item() as number, 5);
  });
  it('uniform in minval and maxval: d/dmaxval is u, d/dminval is 1 − u', () => {
    const k = random.PRNGKey(2);
    const u = random.uniform(k, [4]).tolist() as number[];
    const f = (lo: jp.Array, hi: jp.Array) => jnp.sum(random.uniform(k, [4], 'float32', lo, hi));
    const [glo, ghi] = grad(f, { argnums: [0, 1] })(jnp.array(0), jnp.array(1)) as jp.Array[];
    expect(ghi!.item()).toBeCloseTo(u.reduce((a, b) => a + b, 0), 5);
    expect(glo!.item()).toBeCloseTo(4 - u.reduce((a, b) => a + b, 0), 5);
  });
});

describe('gamma under transformations', () => {
  it('vmap over keys equals a loop; jit equals eager', () => {
    const keys = random.split(random.PRNGKey(9), 3) as jp.Array;
    const f = (k: jp.Array) => random.gamma(k, jnp.array([0.4, 2.5, 7]));
    expect(arr(vmap(f)(keys))).toEqual(Array.from(keys, (k) => arr(f(k))));
    expect(arr(jit(f)(random.PRNGKey(9)))).toEqual(arr(f(random.PRNGKey(9))));
  });
  it('grad w.r.t. a scale is the sample; w.r.t. the shape parameter it raises TransformError', () => {
    const k = random.PRNGKey(4);
    const g = random.gamma(k, 2.5, [3]);
    const gs = grad((s: jp.Array) => jnp.sum(jnp.multiply(s, random.gamma(k, 2.5, [3]))))(jnp.array(2.0));
    expect(gs.item()).toBeCloseTo(jnp.sum(g).item() as number, 4);
    expect(() => grad((a: jp.Array) => jnp.sum(random.gamma(k, a, [3])))(jnp.array(2.5))).toThrow(jp.TransformError);
    expect(() => grad((a: jp.Array) => jnp.sum(random.beta(k, a, 2, [3])))(jnp.array(2.5))).toThrow(jp.TransformError);
  });
});

describe('bad input raises clear errors', () => {
  it('keys', () => {
    expect(() => random.normal(jnp.array([0, 0], 'float32'))).toThrow(jp.DtypeError);
    expect(() => random.normal(jnp.array([0, 0], 'int32'))).toThrow(jp.DtypeError);
    expect(() => random.normal(jnp.zeros([3], 'uint32'))).toThrow(jp.ShapeError);
    expect(() => random.normal(jnp.zeros([3, 2], 'uint32'))).toThrow(/single key.*vmap/);
    expect(() => random.split(random.split(random.key(0)) as jp.random.PRNGKeyArray)).toThrow(jp.ShapeError);
    expect(() => random.normal([0, 0] as unknown as jp.Array)).toThrow(TypeError);
    expect(() => random.wrapKeyData(jnp.zeros([3], 'uint32'))).toThrow(jp.ShapeError);
  });
  it('seeds', () => {
    expect(() => random.PRNGKey(1.5)).toThrow(TypeError);
    expect(() => random.key(jnp.array([1, 2]))).toThrow(/scalar seed/);
    expect(() => random.key(jnp.array(1.5))).toThrow(/integer/);
    expect(() => random.key(random.key(0) as unknown as number)).toThrow(/PRNG key/);
    expect(() => random.PRNGKey(2 ** 60)).toThrow(TypeError);
  });
  it('dtypes, shapes and data', () => {
    expect(() => random.uniform(random.PRNGKey(0), [2], 'int32')).toThrow(jp.DtypeError);
    expect(() => random.normal(random.PRNGKey(0), [2], 'foo' as jp.DTypeLike)).toThrow(jp.DtypeError);
    expect(() => random.bits(random.PRNGKey(0), [2], 'int32')).toThrow(jp.DtypeError);
    expect(() => random.randint(random.PRNGKey(0), [2], 0, 3, 'float32')).toThrow(jp.DtypeError);
    expect(() => random.uniform(random.PRNGKey(0), [-1])).toThrow(jp.ShapeError);
    expect(() => random.uniform(random.PRNGKey(0), [3], { minval: jnp.zeros([2]) })).toThrow(jp.ShapeError);
    expect(() => random.split(random.PRNGKey(0), -1)).toThrow(jp.ShapeError);
    expect(() => random.foldIn(random.PRNGKey(0), -1)).toThrow(TypeError);
    expect(() => random.foldIn(random.PRNGKey(0), 0.5)).toThrow(TypeError);
    expect(() => random.foldIn(random.PRNGKey(0), jnp.array(1.5))).toThrow(jp.DtypeError);
    expect(() => random.uniform(random.PRNGKey(0), [2], { dtpye: 'float32' } as never)).toThrow(/unexpected option/);
  });
  it('minval > maxval: uniform and randint give minval, as JAX', () => {
    expect(random.uniform(random.PRNGKey(0), [3], 'float32', 2, 1).tolist()).toEqual([2, 2, 2]);
    expect(random.randint(random.PRNGKey(0), [3], 5, 2).tolist()).toEqual([5, 5, 5]);
  });
  it('x64: the uint64 default of bits is refused, not narrowed', () => {
    jp.config.update('enableX64', true);
    try {
      expect(() => random.bits(random.PRNGKey(0), [2])).toThrow(/uint64/);
      expect(random.randint(random.PRNGKey(0), [2], 0, 5, 'int32').dtype.name).toBe('int32');
    } finally {
      jp.config.update('enableX64', false);
    }
  });
});
