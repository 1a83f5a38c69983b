// Issue 15 item 4: one declaration per jnp function, and everything generated from it agrees —
// the namespace entry, the Array method (eagerly and under jit), the JSDoc, JAX's name, and the
// fused eager path against the traced and the op-by-op paths on random inputs.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';
import { type Declaration, declarations, declarationOf } from '../../src/numpy/declare.js';

const { numpy: jnp, jit } = jp;
const jaxNames = JSON.parse(readFileSync(new URL('../../docs/coverage/jax_names.json', import.meta.url), 'utf8')) as Record<string, string[]>;
const jaxArray = JSON.parse(readFileSync(new URL('../golden/array_methods.json', import.meta.url), 'utf8')) as { public: string[]; operators: string[] };
const decls = [...declarations.values()];
const namespace = jnp as unknown as Record<string, unknown>;

/** jnp names that are not declarations: io.ts is another file's (load/save). */
const NOT_DECLARED = new Set(['load', 'save']);
/** jaxpool's operator methods and JAX's dunders for them. */
const OPERATORS: Record<string, string> = {
  add: '__add__', sub: '__sub__', mul: '__mul__', div: '__truediv__', pow: '__pow__', neg: '__neg__', matmul: '__matmul__',
  eq: '__eq__', ne: '__ne__', lt: '__lt__', le: '__le__', gt: '__gt__', ge: '__ge__',
};

describe('the registry and the namespace', () => {
  it('every declaration is the namespace entry of its name, and JAX has its name', () => {
    expect(decls.length).toBeGreaterThan(60);
    for (const d of decls) {
      expect(namespace[d.name], d.name).toBe(d.fn);
      expect(jaxNames.numpy, `jnp.${d.name}: JAX's name '${d.jax}'`).toContain(d.jax);
    }
  });

  it('every function in the namespace is declared (io.ts aside), under its own name', () => {
    for (const [name, v] of Object.entries(namespace)) {
      if (typeof v !== 'function' || NOT_DECLARED.has(name)) continue;
      const d = declarationOf(v);
      expect(d, `jnp.${name} is not declared`).toBeDefined();
      expect(declarations.get(name)?.fn, name).toBe(v);
    }
  });

  it('aliases share their function; JAX aliases them too', () => {
    for (const d of decls.filter((x) => x.aliasOf)) {
      expect(d.fn).toBe(declarations.get(d.aliasOf!)!.fn);
      expect(d.method).toBeUndefined();
    }
    expect(declarations.get('trueDivide')?.aliasOf).toBe('divide');
    expect(declarations.get('around')?.aliasOf).toBe('round');
  });
});

describe('Array methods', () => {
  it("every declared method exists on arrays and is one JAX's Array has (operators as named methods)", () => {
    for (const d of decls.filter((x) => x.method)) {
      expect(typeof (jp.Array.prototype as unknown as Record<string, unknown>)[d.method!], d.method).toBe('function');
      const jaxName = OPERATORS[d.method!] ?? d.method!;
      expect([...jaxArray.public, ...jaxArray.operators], `x.${d.method} (jnp.${d.name})`).toContain(jaxName);
    }
  });

  it("every method of JAX's Array whose jnp function is declared is declared as that function's method", () => {
    // JAX's x.real and x.imag are properties: getters on Array here.
    const properties = new Set(['real', 'imag']);
    for (const name of jaxArray.public) {
      const d = declarations.get(name);
      if (properties.has(name)) expect(Object.getOwnPropertyDescriptor(jp.Array.prototype, name)?.get, `x.${name}`).toBeTypeOf('function');
      else if (d && !d.aliasOf) expect(d.method, `jnp.${name} should install x.${name}()`).toBe(name);
    }
  });
});

describe('types from the declarations', () => {
  // `npm test` type-checks this file: each @ts-expect-error fails the build if the line type-checks.
  it('methods and functions are typed by their declarations', () => {
    const x = jnp.ones([2, 3]);
    const y: jp.Array = x.sum(0).mul(2).reshape(3, 1).T.transpose(1, 0).astype('int32').squeeze();
    expect(y.shape).toEqual([3]);
    expect(x.reshape([3, 2], { order: 'F' }).shape).toEqual([3, 2]);
    expect(x.sum({ axis: 1, keepdims: true }).shape).toEqual([2, 1]);
    // @ts-expect-error round's decimals is a number
    expect(() => x.round('a')).toThrow(jp.ShapeError);
    // @ts-expect-error sum has no option 'axes'
    expect(() => x.sum({ axes: 0 })).toThrow(TypeError);
    // @ts-expect-error add takes another array
    expect(() => x.add()).toThrow();
    // @ts-expect-error jnp.sin takes an array first
    expect(() => jnp.sin('x')).toThrow();
    // @ts-expect-error x.sin() is not a method of JAX's Array
    expect(() => x.sin()).toThrow(TypeError);
  });
});

// --- sample arguments -------------------------------------------------------------------------

interface Inputs {
  /** float32 [3, 3] */
  x: jp.Array;
  y: jp.Array;
  z: jp.Array;
  /** int32 [3, 3] in [-5, 5] */
  i: jp.Array;
  j: jp.Array;
  k: jp.Array;
  /** bool [3, 3] */
  b: jp.Array;
  /** float32 [3, 1, 3] */
  x1: jp.Array;
}
type Samples = (s: Inputs) => unknown[][];

/** Calls beyond the generic ones (each declaration's `arrays` leading arrays, float32 and int32). */
const SAMPLES: Record<string, Samples> = {
  round: ({ x }) => [[x, 1], [x, { decimals: 2 }]],
  iscomplexobj: ({ x, i }) => [[x], [i]],
  isrealobj: ({ x, b }) => [[x], [b]],
  clip: ({ x }) => [[x, -0.5, 0.5], [x, { max: 0 }], [x, null, 1]],
  where: ({ b, x, i }) => [[b, x, i], [b, x, 0]],
  sum: ({ x, i, b }) => [[x, 0], [i, { axis: 1, keepdims: true }], [b, null], [x, 1, 'float32'], [x, { where: b }], [x, 0, { initial: 10 }]],
  prod: ({ x, i }) => [[x, 1], [i, [0, 1]]],
  max: ({ x, b }) => [[x, 0], [x, { axis: 1, keepdims: true }], [x, { where: b, initial: -5 }]],
  min: ({ x }) => [[x, -1]],
  mean: ({ x, i, b }) => [[x, 0], [i, 1], [x, { where: b }]],
  any: ({ x, b }) => [[x, 0], [b, { where: b }]],
  all: ({ x, b }) => [[x, 1], [b, { keepdims: true }]],
  argmax: ({ x }) => [[x, 0], [x, { axis: 1, keepdims: true }]],
  argmin: ({ i }) => [[i, 1]],
  matmul: ({ x, i }) => [[x, i], [x, x.index(0)]],
  dot: ({ x }) => [[x, x.index(0)], [x, 2]],
  reshape: ({ x }) => [[x, [9]], [x, [1, 9], 'F'], [x, { shape: [3, 3, 1] }]],
  transpose: ({ x }) => [[x, [1, 0]]],
  broadcastTo: ({ x }) => [[x, [2, 3, 3]]],
  expandDims: ({ x }) => [[x, 0], [x, [0, 3]]],
  squeeze: ({ x1 }) => [[x1], [x1, 1]],
  astype: ({ x, i }) => [[x, 'int32'], [i, 'float32'], [x, 'bool']],
  take: ({ x, i }) => [[x, jnp.array([0, 2, -1, 5])], [i, jnp.array([[0], [2]]), { axis: 1, mode: 'clip' }]],
  fullLike: ({ x, i }) => [[x, 2.5], [i, 2, 'float32']],
  concatenate: ({ x, i }) => [[[x, i]], [[x, x], 1], [[x, i], null]],
  stack: ({ x, y }) => [[[x, y]], [[x, y], 2]],
  array: ({ x }) => [[x], [x, 'int32'], [[1, 2, 3]], [[x, x]]],
  asarray: ({ i }) => [[i, 'float32'], [[[1.5, 2], [3, 4]]]],
  full: ({ x }) => [[[2, 3], 1.5], [[3], 2, 'int32'], [[3, 3], x]],
  zeros: () => [[[2, 3]], [[2], 'int32'], [3]],
  ones: () => [[[2, 3]], [[2], { dtype: 'bool' }]],
  arange: () => [[5], [0, 1, 0.25], [1, 7, 2, 'float32']],
  linspace: () => [[0, 1, 5], [0, 1, { num: 4, endpoint: false }], [0, 1, { num: 4, retstep: true }]],
  eye: () => [[3], [3, 4, 1], [2, { dtype: 'int32' }]],
  identity: () => [[3], [2, 'int32']],
  resultType: ({ x, i }) => [[x, 2], [i, 2.5], ['int32', 'float32']],
  promoteTypes: () => [['int32', 'float32'], ['uint8', 'bool']],
  issubdtype: () => [['int32', jnp.integer], ['float32', jnp.integer]],
  iinfo: () => [['int8'], ['uint32']],
  finfo: () => [['float16'], ['float32']],
  broadcastShapes: () => [[[2, 1], [3]], [[1], [4, 1]]],
  flip: ({ x }) => [[x, 1], [x, [0, 1]]],
  roll: ({ x, i }) => [[x, 2], [i, [1, -1], [0, 1]], [x, jnp.array(4), 1]],
  rot90: ({ x }) => [[x, 3], [x, { k: 1, axes: [1, 0] }]],
  tile: ({ x }) => [[x, 2], [x, [2, 1, 2]]],
  repeat: ({ x, i }) => [[x, 2], [x, [1, 0, 2], 0], [i, 3, { totalRepeatLength: 5 }]],
  swapaxes: ({ x1 }) => [[x1, 0, 2]],
  moveaxis: ({ x1 }) => [[x1, 0, -1], [x1, [0, 1], [2, 0]]],
  ravel: ({ x }) => [[x], [x, 'F']],
  pad: ({ x, i }) => [[x, 1], [x, [[1, 2], [0, 1]], 'reflect'], [i, 2, 'wrap'], [x, 1, 'linear_ramp', { endValues: 3 }], [x, 2, 'mean']],
  split: ({ x }) => [[x, 3], [x, [1], 1]],
  arraySplit: ({ x }) => [[x, 2], [x, 2, 1]],
  hsplit: ({ x }) => [[x, 3]],
  vsplit: ({ x }) => [[x, [1]]],
  dsplit: ({ x1 }) => [[x1.reshape(3, 1, 3, 1).squeeze(3), 3]],
  unstack: ({ x }) => [[x], [x, { axis: 1 }]],
  vstack: ({ x, i }) => [[[x, i]], [[x.index(0), x.index(1)], 'float32']],
  hstack: ({ x, i }) => [[[x, i]]],
  dstack: ({ x, y }) => [[[x, y]]],
  columnStack: ({ x }) => [[[x.index(0), x.index(1)]]],
  append: ({ x, y }) => [[x, y, 0]],
  insert: ({ x }) => [[x, 1, 5], [x, [0, 2], x.index({}, 0), 1]],
  delete: ({ x }) => [[x, 1], [x, [0, 2], 1]],
  atleast1d: ({ x }) => [[x.index(0, 0)]],
  atleast2d: ({ x }) => [[x.index(0)]],
  atleast3d: ({ x }) => [[x]],
  tri: () => [[3], [2, 3, 1, 'int32']],
  tril: ({ x }) => [[x, -1]],
  triu: ({ x }) => [[x, 1]],
  diag: ({ x }) => [[x, 1], [x.index(0), -1]],
  diagflat: ({ x }) => [[x, 1]],
  diagonal: ({ x1 }) => [[x1, 0, 0, 2]],
  trace: ({ x, i }) => [[x, 1], [i]],
  diagIndices: () => [[3], [2, 3]],
  diagIndicesFrom: ({ x }) => [[x]],
  trilIndices: () => [[3], [3, 1, 4]],
  triuIndices: () => [[3, -1]],
  trilIndicesFrom: ({ x }) => [[x, 1]],
  triuIndicesFrom: ({ x }) => [[x]],
  meshgrid: ({ x }) => [[x.index(0), x.index(1)], [x.index(0), x.index(1), { indexing: 'ij', sparse: true }]],
  indices: () => [[[2, 3]], [[2, 3], 'float32', true]],
  fromfunction: () => [[(a: jp.Array, b: jp.Array) => a.mul(b), [2, 3]]],
  vander: ({ x }) => [[x.index(0)], [x.index(0), 4, true]],
  logspace: () => [[0, 2, 3], [1, 2, 4, false, 2]],
  geomspace: () => [[1, 100, 3], [-1, -8, 4]],
  bartlett: () => [[5]],
  blackman: () => [[5]],
  hamming: () => [[5]],
  hanning: () => [[5]],
  kaiser: () => [[5, 2]],
  select: ({ x, b, i }) => [[[b, x.gt(0)], [x, i], 5]],
  piecewise: ({ x }) => [[x, [x.lt(0), x.gt(1)], [-1, (v: jp.Array) => v.mul(2), 0]]],
  takeAlongAxis: ({ x, i }) => [[x, i, 1], [x, i, 0, { mode: 'clip' }]],
  putAlongAxis: ({ x, i }) => [[x, i, 1, 1, { inplace: false }]],
  applyAlongAxis: ({ x }) => [[(r: jp.Array) => r.sum(), 1, x]],
  applyOverAxes: ({ x }) => [[(a: jp.Array, ax: number) => a.sum(ax), x, [0, 1]]],
  // statistics, NaN reductions, cumulative functions
  cumsum: ({ x, i, b }) => [[x, 0], [i, 1, 'float32'], [b], [x, { axis: -1, dtype: 'bool' }]],
  cumprod: ({ x, i }) => [[x, 1], [i, { axis: 0 }]],
  nancumsum: ({ x }) => [[x, 0], [x, { dtype: 'float32' }]],
  nancumprod: ({ x }) => [[x, 1]],
  cumulativeSum: ({ x, i }) => [[x, { axis: 1 }], [i, { axis: 0, includeInitial: true }], [x.index(0)]],
  cumulativeProd: ({ x, b }) => [[x, { axis: -1, includeInitial: true }], [b, { axis: 0 }]],
  diff: ({ x, i }) => [[x, 2], [x, 1, 0], [i, { prepend: 1, append: 2 }]],
  ediff1d: ({ x }) => [[x, null, 1.5], [x, { toEnd: 2 }]],
  var: ({ x, i, b }) => [[x, 0], [x, { ddof: 1, keepdims: true }], [i, 1], [x, { where: b }], [x, { correction: 1 }]],
  std: ({ x, i }) => [[x, 1], [i, { ddof: 2 }]],
  average: ({ x, y }) => [[x, 1], [x, 0, y, true], [x, { weights: y }]],
  ptp: ({ x, i }) => [[x, 1], [i, { keepdims: true }]],
  countNonzero: ({ x, b }) => [[x, 0], [b, { keepdims: true }]],
  trapezoid: ({ x, y }) => [[x, null, 0.5], [x, y, { axis: 0 }]],
  cov: ({ x, y }) => [[x, y], [x, { rowvar: false, bias: true }]],
  corrcoef: ({ x }) => [[x, { rowvar: false }]],
  isclose: ({ x, y }) => [[x, y, 1e-3, 1e-3, true]],
  allclose: ({ x, y }) => [[x, y, { rtol: 0.5 }]],
  arrayEqual: ({ x }) => [[x, x], [x, x.index(0)], [x, x, true]],
  arrayEquiv: ({ x }) => [[x, x.index(0)], [x, jnp.zeros([2])]],
  nanmax: ({ x }) => [[x, 0], [x, { keepdims: true, initial: 1 }]],
  nanvar: ({ x, b }) => [[x, 1, null, null, 1], [x, { where: b }]],
  nanargmin: ({ x }) => [[x, 1, null, true]],
  sort: ({ x, i }) => [[x, 0], [i, null], [x, { descending: true }]],
  argsort: ({ x, i }) => [[x, 0], [i, { descending: true }], [x, null, { stable: false }]],
  lexsort: ({ x, i }) => [[[x, i]], [[i, x], 0]],
  partition: ({ x, i }) => [[x, 1], [i, -1, 0]],
  argpartition: ({ x, i }) => [[x, 2], [i, 0, 0]],
  searchsorted: ({ x, y, i }) => [[jnp.sort(x.reshape(9)), y], [jnp.sort(i.reshape(9)), i, 'right'], [x.reshape(9), y, { sorter: jnp.argsort(x.reshape(9)) }]],
  digitize: ({ x, i }) => [[x, jnp.array([-1, 0, 1])], [i, jnp.array([3, 0, -3]), true]],
  quantile: ({ x, i }) => [[x, 0.5], [x, jnp.array([0.1, 0.9]), 1, { method: 'nearest' }], [i, 0.3, { keepdims: true }]],
  percentile: ({ x }) => [[x, 50, 0], [x, jnp.array([10, 90]), { method: 'lower' }]],
  nanquantile: ({ x }) => [[x, 0.25, { keepdims: true }]],
  nanpercentile: ({ x }) => [[x, 75, 1]],
  median: ({ x, i }) => [[x, 0], [i]],
  nanmedian: ({ x }) => [[x, 1, { keepdims: true }]],
  nonzero: ({ x, b }) => [[x, { size: 9 }], [b, { size: 4, fillValue: -1 }]],
  argwhere: ({ b }) => [[b, { size: 5 }]],
  flatnonzero: ({ x }) => [[x, { size: 3 }]],
  bincount: ({ x, i }) => [[jnp.abs(i.reshape(9)), { length: 6 }], [jnp.abs(i.reshape(9)), x.reshape(9), { length: 4 }]],
  unique: ({ x, i }) => [[x, { size: 9 }], [i, true, true, true, { size: 5, fillValue: 0 }], [i, { axis: 0, size: 3 }]],
  uniqueValues: ({ i }) => [[i, { size: 4 }]],
  uniqueCounts: ({ i }) => [[i, { size: 4 }]],
  uniqueInverse: ({ x }) => [[x, { size: 4 }]],
  uniqueAll: ({ i }) => [[i, { size: 4, fillValue: 0 }]],
  intersect1d: ({ i, j }) => [[i, j, { size: 5 }], [i, j, false, true, { size: 3 }]],
  union1d: ({ i, j }) => [[i, j, { size: 5 }]],
  setdiff1d: ({ i, j }) => [[i, j, { size: 5 }]],
  setxor1d: ({ x, y }) => [[x, y, { size: 5, fillValue: 0 }]],
  einsum: ({ x, y, i }) => [['ij,jk->ik', x, y], ['ii', i], ['ij,ij->j', x, i, { optimize: false }], [x, [0, 1], y, [1, 2]]],
  tensordot: ({ x, y }) => [[x, y, 1], [x, y, { axes: [[0], [1]] }]],
  cross: ({ x, y }) => [[x, y, { axis: 0 }]],
  vecdot: ({ x, y }) => [[x, y, { axis: 0 }]],
  polyval: ({ x, y }) => [[x.index(0), y], [x.index(0), 2]],
  polyadd: ({ x, i }) => [[x.index(0), i.index(1)]],
  polysub: ({ x, i }) => [[x.index(0), i.index(1)]],
  polymul: ({ x, i }) => [[x.index(0), i.index(1)]],
  polyder: ({ x, i }) => [[x.index(0), 2], [i.index(1)]],
  polyint: ({ x, i }) => [[x.index(0), 2, 1.5], [i.index(1), { k: 3 }]],
  polyfit: ({ x, y, i }) => [[x.index(0), y.index(1), 1], [x.index(0), x.index(1), 2, { cov: 'unscaled' }], [i.index(0), y.index(2), 1, { full: true }]],
  convolve: ({ x, y }) => [[x.index(0), y.index(1), 'same'], [x.index(0), y.index(1).index(0)]],
  correlate: ({ x, i }) => [[x.index(0), i.index(1), 'full'], [x.index(0), i.index(1), { mode: 'valid' }]],
};
/** Declarations whose leading arrays alone are not a valid call. */
const NO_GENERIC = new Set(['reshape', 'broadcastTo', 'expandDims', 'astype', 'take', 'fullLike', 'partition', 'argpartition', 'searchsorted',
  'roll', 'tile', 'repeat', 'swapaxes', 'moveaxis', 'pad', 'split', 'arraySplit', 'hsplit', 'vsplit', 'dsplit', 'append', 'insert', 'delete', 'takeAlongAxis', 'putAlongAxis', 'diagonal', 'vander', 'polyfit']);
// Result sizes that depend on the values: under jit only with `size` (samples above).
for (const name of ['nonzero', 'argwhere', 'flatnonzero', 'bincount', 'unique', 'uniqueValues', 'uniqueCounts', 'uniqueInverse', 'uniqueAll', 'intersect1d', 'union1d', 'setdiff1d', 'setxor1d']) NO_GENERIC.add(name);

function calls(d: Declaration, s: Inputs): unknown[][] {
  const out: unknown[][] = [];
  if (d.arrays > 0 && !NO_GENERIC.has(d.name)) {
    out.push([s.x, s.y, s.z].slice(0, d.arrays), [s.i, s.j, s.k].slice(0, d.arrays));
    if (d.arrays === 2) out.push([s.x, 2], [s.i, 0.5]);
  }
  const extra = SAMPLES[d.name] ?? (d.aliasOf ? SAMPLES[d.aliasOf] : undefined);
  if (extra) out.push(...extra(s));
  return out;
}

const f32 = (n: number) => fc.array(fc.float({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true }).map(Math.fround), { minLength: n, maxLength: n });
const i32 = (n: number) => fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n, maxLength: n });
const inputsArb = fc.record({ x: f32(9), y: f32(9), z: f32(9), i: i32(9), j: i32(9), k: i32(9), b: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), x1: f32(9) }).map(
  (v): Inputs => ({
    x: jnp.array(new Float32Array(v.x)).reshape(3, 3),
    y: jnp.array(new Float32Array(v.y)).reshape(3, 3),
    z: jnp.array(new Float32Array(v.z)).reshape(3, 3),
    i: jnp.array(v.i, 'int32').reshape(3, 3),
    j: jnp.array(v.j, 'int32').reshape(3, 3),
    k: jnp.array(v.k, 'int32').reshape(3, 3),
    b: jnp.array(v.b).reshape(3, 3),
    x1: jnp.array(new Float32Array(v.x1)).reshape(3, 1, 3),
  }),
);

// --- comparing results ------------------------------------------------------------------------

const holdsArray = (v: unknown): boolean => v instanceof jp.Array || (Array.isArray(v) && v.some(holdsArray));

/** Eager results and traced ones are the same: shapes, dtypes, weak types and values (NaN equal to NaN). */
function expectSame(got: unknown, want: unknown, what: string): void {
  if (want instanceof jp.Array) {
    expect(got, what).toBeInstanceOf(jp.Array);
    const g = got as jp.Array;
    expect([g.shape, g.dtype.name, g.weakType], what).toEqual([want.shape, want.dtype.name, want.weakType]);
    expect(Array.from(g.dataSync()), what).toEqual(Array.from(want.dataSync()));
  } else if (Array.isArray(want)) {
    expect(Array.isArray(got) && got.length === want.length, what).toBe(true);
    want.forEach((w, k) => expectSame((got as unknown[])[k], w, `${what}[${k}]`));
  } else expect(got, what).toEqual(want);
}

/** The outcome of a call: its value, or the class and message of what it threw. */
function outcome(f: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

/** `f(...args)` under jit: the arguments holding arrays are jit's, the rest closed over. */
function underJit(f: (...a: unknown[]) => unknown, args: unknown[]): unknown {
  const dyn = args.map(holdsArray);
  let inner: unknown;
  const out = jit((...xs: unknown[]) => {
    let k = 0;
    inner = f(...args.map((a, n) => (dyn[n] ? xs[k++] : a)));
    // Non-array results (dtypes, shapes) are compared as computed inside the trace.
    return holdsArray(inner) ? inner : jnp.zeros([]);
  })(...args.filter((_, n) => dyn[n]));
  return holdsArray(inner) ? out : inner;
}

function agree(what: string, eager: { value?: unknown; error?: string }, other: { value?: unknown; error?: string }): void {
  if (eager.error !== undefined) expect(other.error, what).toBe(eager.error);
  else {
    expect(other.error, what).toBeUndefined();
    expectSame(other.value, eager.value, what);
  }
}

describe('the fused eager path, the traced path and the op-by-op path agree', () => {
  it('for every declaration, on random float32, int32 and bool inputs', () => {
    const missing = decls.filter((d) => calls(d, dummyInputs()).length === 0).map((d) => d.name);
    expect(missing, 'declarations without sample calls: add them to SAMPLES').toEqual([]);
    const worked = new Set<string>();
    fc.assert(
      fc.property(inputsArb, (s) => {
        for (const d of decls)
          for (const args of calls(d, s)) {
            const what = `jnp.${d.name}(${args.map(describeArg).join(', ')})`;
            const eager = outcome(() => d.fn(...args));
            if (eager.error === undefined) worked.add(d.name);
            agree(`${what} op by op`, eager, outcome(() => d.impl(...args)));
            agree(`${what} under jit`, eager, outcome(() => underJit(d.fn, args)));
          }
      }),
      { numRuns: 3 },
    );
    expect(decls.filter((d) => !worked.has(d.name)).map((d) => d.name), 'declarations whose every sample call raised').toEqual([]);
  });

  it('for every method: x.method(...) is the function eagerly and under jit', () => {
    fc.assert(
      fc.property(inputsArb, (s) => {
        for (const d of decls.filter((x) => x.method))
          for (const [fnArgs, methodArgs] of methodCalls(d, s)) {
            const [self, ...rest] = fnArgs as [jp.Array, ...unknown[]];
            const call = (a: jp.Array) => (a as unknown as Record<string, (...r: unknown[]) => unknown>)[d.method!]!(...methodArgs);
            const what = `x.${d.method}(${methodArgs.map(describeArg).join(', ')})`;
            const eager = outcome(() => d.fn(self, ...rest));
            agree(`${what} eagerly`, eager, outcome(() => call(self)));
            agree(`${what} under jit`, eager, outcome(() => underJit((a) => call(a as jp.Array), [self])));
          }
      }),
      { numRuns: 2 },
    );
  });
});

describe('extra arguments', () => {
  // JS drops arguments a function does not name; a jnp function must raise instead (the
  // reliability fuzzer found kron(a, b, { dtype: 'zz' }, -1) returning a product).
  it('every declaration raises a TypeError when a working call gets more arguments than JAX takes', () => {
    const s = dummyInputs();
    // An empty options object then positional values (the fuzzer's frexp(x, {}, '0', true)), junk options, many positionals.
    const junks: unknown[][] = [[{}, '0', true], [{ zz: 1 }, -1, 'zz', 'zz', 'zz', 'zz', 'zz', 'zz', 'zz', 'zz'], globalThis.Array<string>(9).fill('0'), [true, true, true, true, true, true, true, true, true]];
    const accepted: string[] = [];
    // Variadic in JAX: resultType and atleast1d/2d/3d take any number of array-likes (booleans
    // among them: result_type(True)); piecewise and applyAlongAxis pass extra arguments to the user's functions.
    const variadic = new Set(['resultType', 'atleast1d', 'atleast2d', 'atleast3d', 'piecewise', 'applyAlongAxis']);
    for (const d of decls.filter((x) => !variadic.has(x.name)))
      for (const args of calls(d, s)) {
        if (outcome(() => d.fn(...args)).error !== undefined) continue;
        for (const junk of junks) {
          const r = outcome(() => d.fn(...args, ...junk));
          if (r.error === undefined || !/^(TypeError|DtypeError|ValueError|ShapeError)/.test(r.error))
            accepted.push(`jnp.${d.name}(${[...args, ...junk].map(describeArg).join(', ')}): ${r.error ?? 'a value'}`);
        }
      }
    expect(accepted).toEqual([]);
  });
});

/** Method calls: [the function's arguments, the method's], for every sample whose first argument is an array. */
function methodCalls(d: Declaration, s: Inputs): [unknown[], unknown[]][] {
  if (d.name === 'reshape') return [[[s.x, [9]], [9]], [[s.x, [9]], [[9]]], [[s.x, [1, 9]], [1, 9]], [[s.x, [1, 9], { order: 'F' }], [1, 9, { order: 'F' }]], [[s.x, []], []]].map(
    ([f, m]) => [f as unknown[], m as unknown[]],
  );
  if (d.name === 'transpose') return [[[s.x], []], [[s.x, [1, 0]], [1, 0]], [[s.x, [1, 0]], [[1, 0]]]];
  return calls(d, s)
    .filter((args) => args[0] instanceof jp.Array)
    .map((args) => [args, args.slice(1)]);
}

function describeArg(a: unknown): string {
  if (a instanceof jp.Array) return `${a.dtype.name}[${a.shape}]`;
  if (Array.isArray(a)) return `[${a.map(describeArg).join(', ')}]`;
  return typeof a === 'object' && a !== null && !(a instanceof jp.DType) ? JSON.stringify(a, (_k, v: unknown) => (v instanceof jp.Array ? describeArg(v) : v)) : String(a);
}

function dummyInputs(): Inputs {
  const x = jnp.zeros([3, 3]);
  const i = jnp.zeros([3, 3], 'int32');
  return { x, y: x, z: x, i, j: i, k: i, b: jnp.zeros([3, 3], 'bool'), x1: jnp.zeros([3, 1, 3]) };
}

describe('JSDoc', () => {
  // The compiler's view of src/numpy, as an editor shows it.
  const program = ts.createProgram([new URL('../../src/index.ts', import.meta.url).pathname], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string) => {
    const sf = program.getSourceFile(new URL(file, import.meta.url).pathname)!;
    return new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(sf)!).map((s) => [s.name, s]));
  };
  /** A symbol's JSDoc, or (for a re-export) its target's. */
  const doc = (s: ts.Symbol): string => {
    const own = ts.displayPartsToString(s.getDocumentationComment(checker)).trim();
    return own || (s.flags & ts.SymbolFlags.Alias ? ts.displayPartsToString(checker.getAliasedSymbol(s).getDocumentationComment(checker)).trim() : '');
  };

  it('every jnp export has a JSDoc summary (declarations from their declaration)', () => {
    const exports = exportsOf('../../src/numpy/index.ts');
    for (const d of decls) {
      const s = exports.get(d.name);
      expect(s, d.name).toBeDefined();
      expect(doc(s!).length, `jnp.${d.name} has no JSDoc`).toBeGreaterThan(10);
    }
    for (const [name, s] of exports) if (s.flags & (ts.SymbolFlags.Alias | ts.SymbolFlags.Value)) expect(doc(s).length, `jnp.${name} has no JSDoc`).toBeGreaterThan(5);
  });

  it("a method named as its function shows the declaration's JSDoc on Array", () => {
    const arrayClass = exportsOf('../../src/core/array.ts').get('Array')!;
    const type = checker.getDeclaredTypeOfSymbol(arrayClass);
    for (const d of decls.filter((x) => x.method === x.name)) {
      const p = checker.getPropertyOfType(type, d.method!);
      expect(p, `Array.${d.method}`).toBeDefined();
      expect(ts.displayPartsToString(p!.getDocumentationComment(checker)), `x.${d.method}`).toBe(doc(exportsOf('../../src/numpy/index.ts').get(d.name)!));
    }
  });

  it("the package's numpy and lax namespaces are documented", () => {
    const exports = exportsOf('../../src/index.ts');
    for (const name of ['numpy', 'lax']) expect(doc(exports.get(name)!).length, name).toBeGreaterThan(10);
  });
});
