// The fuzzer's cases, from fast-check arbitraries: random shapes (0-d and empty included), dtypes
// and values for every declared jnp function (taken from the declaration registry, so functions
// added later are fuzzed too), and bad arguments — wrong types, bad axes, negative dimensions,
// strings — in the argument positions after the arrays, plus hand-written signatures with their
// references (elementwise, reductions, shapes, creation).
import fc from 'fast-check';
import { declarations } from '../../src/numpy/declare.js';
import { type DtypeName, ELEMENTWISE, type Operand, type Reference, REDUCTIONS, elementwise, reduction } from './reference.js';

/** An argument: an array built from an operand, or any JS value passed as is. */
export type Arg = { array: Exclude<Operand, { weak: number }> } | { raw: unknown };
/** One call: `jnp[fn](...args)`, its reference, and whether a result is acceptable at all. */
export interface Case {
  fn: string;
  args: Arg[];
  /** How many leading args are traced under jit (arrays; JS values stay static). */
  traced: number;
  ref: Reference;
}

const DTYPES: readonly DtypeName[] = ['float32', 'int32', 'bool', 'uint8'];
/** Strings that are no dtype, shape, axis or array: any call given one must raise a documented error. */
export const JUNK_STRINGS = ['zz', '0'];

const floatValue = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -6, max: 6 }).map((i) => i / 2) },
  { weight: 2, arbitrary: fc.float({ min: -20, max: 20, noNaN: true }).map(Math.fround) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-3, 100, 3e38, -3e38, 1e-40, Infinity, -Infinity, NaN) },
);
const valueOf: Record<DtypeName, fc.Arbitrary<number>> = {
  float32: floatValue,
  int32: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(2147483647, -2147483648, 65536, 46341) }),
  bool: fc.constantFrom(0, 1),
  uint8: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(128, 255)),
};

const shapeArb = fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) }), { maxLength: 3 });
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** An array of `shape` (random dtype and values). */
function arrayOf(shape: number[], dtype?: DtypeName): fc.Arbitrary<Exclude<Operand, { weak: number }>> {
  return (dtype ? fc.constant(dtype) : fc.constantFrom(...DTYPES)).chain((d) =>
    fc.array(valueOf[d], { minLength: size(shape), maxLength: size(shape) }).map((values) => ({ shape, dtype: d, values })),
  );
}
const anyArray = shapeArb.chain((s) => arrayOf(s));
const weakArb = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -1.5, 2.5, 1e10, NaN, Infinity));

/** A shape that broadcasts with `s` (usually), or an arbitrary one. */
function partner(s: number[]): fc.Arbitrary<number[]> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: s.length }), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length })).map(([drop, ones]) => s.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d))) },
    { weight: 1, arbitrary: shapeArb },
  );
}

/** An operand of an elementwise function: an array, or (sometimes) a weak JS number. */
const operand = (shape: number[]): fc.Arbitrary<Operand> => fc.oneof({ weight: 5, arbitrary: arrayOf(shape) }, { weight: 1, arbitrary: weakArb.map((weak) => ({ weak })) });
const asArg = (o: Operand): Arg => ('weak' in o ? { raw: o.weak } : { array: o });

/** Elementwise functions (declared and with a reference) on random operands. */
function elementwiseCase(name: string, arity: number): fc.Arbitrary<Case> {
  return shapeArb.chain((s) => {
    const shapes = arity === 1 ? fc.constant([s]) : partner(s).map((t) => [s, t]);
    return shapes.chain((ss) => fc.tuple(...ss.map(operand))).map((ops) => ({ fn: name, args: ops.map(asArg), traced: arity, ref: elementwise(name, ops) }));
  });
}

/** Axis arguments: valid ones, out of range, duplicated, fractional, strings. */
const axisArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 2 }) },
  { weight: 2, arbitrary: fc.constantFrom(undefined, null) },
  { weight: 2, arbitrary: fc.array(fc.integer({ min: -3, max: 2 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(5, -4, 1.5, NaN, '0', 'zz', [0, 0], [0, '1']) },
);

/** Reductions over random axes, keepdims or not, positional axis or options. */
function reductionCase(name: string): fc.Arbitrary<Case> {
  return fc.tuple(anyArray, axisArb, fc.boolean(), fc.boolean()).map(([x, axis, keepdims, asOpts]) => {
    const extra = asOpts || keepdims ? [{ raw: { axis, keepdims } }] : axis === undefined ? [] : [{ raw: axis }];
    return { fn: name, args: [{ array: x }, ...extra], traced: 1, ref: reduction(name, x, axis, keepdims) };
  });
}

/** Extra arguments for any function: plausible ones and bad ones. */
const extraArb = fc.constantFrom<unknown>(undefined, null, 0, 1, -1, 2, 3, -7, 1.5, NaN, Infinity, [0], [0, 1], [-1], [2, 3], [-1, -1], [0, 0], [], true, 'float32', 'int32', 'bool', 'zz', '0', { axis: 0 }, { keepdims: true }, { dtype: 'int32' }, { axis: 'zz' }, { dtype: 'zz' }, {});

/** Any declared function on random arrays and random extra arguments (no reference: eager vs jit and documented errors only). */
function genericCase(name: string, arrays: number): fc.Arbitrary<Case> {
  const firsts = arrays === 0 ? fc.constant([] as Arg[]) : fc.tuple(...Array.from({ length: arrays }, () => anyArray.map((a): Arg => ({ array: a }))));
  return fc.tuple(firsts, fc.array(extraArb, { maxLength: 3 })).map(([a, extra]) => ({ fn: name, args: [...a, ...extra.map((raw) => ({ raw }))], traced: arrays, ref: undefined }));
}

/** A bad value in an array position: a string, an object, a ragged list, a symbol-free junk value. */
const badArray = fc.constantFrom<unknown>('zz', '0', [1, [2]], [[1, 2], [3]], ['a'], () => 1);
/** In the first position only (later ones may be optional arrays or an options bag). */
const badFirst = fc.oneof(badArray, fc.constantFrom<unknown>({}, null, undefined));

/** Any declared function with a bad value in place of one of its arrays. */
function badArrayCase(name: string, arrays: number): fc.Arbitrary<Case> {
  return fc.tuple(fc.integer({ min: 0, max: arrays - 1 }).chain((k) => fc.tuple(fc.constant(k), k === 0 ? badFirst : badArray)), fc.tuple(...Array.from({ length: arrays }, () => anyArray))).map(([[k, bad], xs]) => ({
    fn: name,
    args: xs.map((x, i): Arg => (i === k ? { raw: bad } : { array: x })),
    traced: k,
    // JAX raises for every one of these (strings, dicts, ragged lists and None are no arrays).
    ref: 'throws' as const,
  }));
}

/** The arbitrary of all cases, over the functions declared now. */
export function caseArbitrary(): fc.Arbitrary<Case> {
  const names = [...declarations.values()].filter((d) => !d.aliasOf || d.name in ELEMENTWISE);
  const arbs: fc.Arbitrary<Case>[] = [];
  for (const d of names) {
    if (d.name in ELEMENTWISE && d.arrays >= 1) arbs.push(elementwiseCase(d.name, d.arrays));
    if ((REDUCTIONS as readonly string[]).includes(d.name)) arbs.push(reductionCase(d.name));
    arbs.push(genericCase(d.name, d.arrays));
    if (d.arrays >= 1) arbs.push(badArrayCase(d.name, d.arrays));
  }
  return fc.oneof(...arbs);
}
