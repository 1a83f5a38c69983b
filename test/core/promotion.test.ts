// Item 8 of issue 14: JAX's promotion for every pair of dtypes, strong and weak (JS numbers),
// against goldens from JAX 0.10.2 (test/golden/make_promotion.py writes promotion.json).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as jp from '../../src/index.js';

const { numpy: jnp } = jp;

interface Result {
  dtype?: string;
  weak?: boolean;
  shape?: number[];
  values?: (number | boolean)[];
  error?: string;
}
interface Table {
  kinds: string[];
  ops: Record<string, Record<string, Result>>;
  promote_types: Record<string, string>;
  result_type: Record<string, string>;
}
const golden = JSON.parse(readFileSync(new URL('../golden/promotion.json', import.meta.url), 'utf8')) as { x32: Table; x64: Table };

const VALUES: Record<string, number | boolean> = {
  bool: true,
  int8: 100,
  int16: -30000,
  uint8: 200,
  uint16: 60000,
  uint32: 4000000000,
  int32: -3,
  float16: 0.1,
  float32: 1.5,
  float64: 1 / 3,
  weak_int: 100,
  weak_float: 2.5,
};

/** A strong operand is a [2] array of its dtype; a weak one is a JS number, as Python scalars in the goldens. */
function operand(kind: string): jp.ArrayLike {
  const v = VALUES[kind]!;
  if (kind.startsWith('weak')) return v;
  return jnp.array([v, v], kind as jp.DTypeName);
}

const ops: Record<string, (a: jp.ArrayLike, b: jp.ArrayLike) => jp.Array> = {
  add: jnp.add,
  multiply: jnp.multiply,
  maximum: jnp.maximum,
  divide: jnp.divide,
  where: (a, b) => jnp.where(true, a, b),
};

/** jaxpool has no int64: a JS integer is a weak int32 also under x64 (JAX's is int64 there). */
const expectedDtype = (d: string) => (d === 'int64' ? 'int32' : d);
/** Strong int64 results (uint32 with a signed int under x64) raise DtypeError: jaxpool has no int64. */
const noInt64 = (d: string | undefined, weak = false) => d === 'int64' && !weak;

function checkTable(t: Table): void {
  for (const [op, rows] of Object.entries(t.ops)) {
    for (const [pair, want] of Object.entries(rows)) {
      const [a, b] = pair.split(',') as [string, string];
      const run = () => ops[op]!(operand(a), operand(b));
      if (want.error) {
        expect(run, `${op}(${pair})`).toThrow();
        continue;
      }
      if (noInt64(want.dtype, want.weak)) {
        expect(run, `${op}(${pair})`).toThrow(jp.DtypeError);
        continue;
      }
      const r = run();
      expect([r.dtype.name, r.weakType], `${op}(${pair})`).toEqual([expectedDtype(want.dtype!), want.weak]);
      expect(r.shape, `${op}(${pair}) shape`).toEqual(want.shape);
      const got = Array.from(r.dataSync(), Number);
      const exp = want.values!.map(Number);
      got.forEach((v, i) => expect(v, `${op}(${pair})[${i}]`).toBeCloseTo(exp[i]!, r.dtype.name === 'float64' ? 14 : 5));
    }
  }
  for (const [pair, want] of Object.entries(t.promote_types)) {
    const [a, b] = pair.split(',') as [jp.DTypeName, jp.DTypeName];
    if (noInt64(want)) expect(() => jnp.promoteTypes(a, b), `promoteTypes(${pair})`).toThrow(jp.DtypeError);
    else expect(jnp.promoteTypes(a, b).name, `promoteTypes(${pair})`).toBe(want);
  }
  for (const [pair, want] of Object.entries(t.result_type)) {
    const [a, b] = pair.split(',') as [string, string];
    // A weak int (JAX's int64 under x64) is int32 here; only uint32 with a signed int joins to a strong int64.
    if (noInt64(want, a !== 'uint32' && b !== 'uint32')) expect(() => jnp.resultType(operand(a), operand(b)), `resultType(${pair})`).toThrow(jp.DtypeError);
    else expect(jnp.resultType(operand(a), operand(b)).name, `resultType(${pair})`).toBe(expectedDtype(want));
  }
}

describe('the promotion table (JAX lattice, weak and strong)', () => {
  afterAll(() => jp.config.update('enableX64', false));

  it('matches JAX for every pair without x64', () => {
    checkTable(golden.x32);
  });

  it('matches JAX for every pair with x64, float64 included', () => {
    jp.config.update('enableX64', true);
    try {
      checkTable(golden.x64);
    } finally {
      jp.config.update('enableX64', false);
    }
  });

  it('jnp.add(int32 array, 2) stays int32, as the issue reports', () => {
    const r = jnp.add(jnp.ones([2], jnp.int32), 2);
    expect(r.dtype.name).toBe('int32');
    expect(r.weakType).toBe(false);
    expect(r.tolist()).toEqual([3, 3]);
  });
});
