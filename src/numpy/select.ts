// Choosing by conditions: select and piecewise, as chains of lax.select (later conditions
// lose to earlier ones in select, and win in piecewise, as in NumPy).
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { DtypeError, ShapeError } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import { convertElementType, select as laxSelect } from '../lax/elementwise.js';
import { full } from '../lax/structural.js';
import { declare } from './declare.js';
import { broadcastArray, promoteDtypes } from './promote.js';

/** Return an array with values drawn from `choicelist` where the first true condition of `condlist` holds, `default` where none does (`select(condlist, choicelist, default = 0)`). */
export const select = declare('select', {
  arity: 3,
  arrays: 0,
  impl: (condlist: readonly ArrayLike[], choicelist: readonly ArrayLike[], dflt?: ArrayLike | { default?: ArrayLike }): Array => {
    const o = typeof dflt === 'object' && dflt !== null && !globalThis.Array.isArray(dflt) && !('aval' in dflt) && !ArrayBuffer.isView(dflt) ? bindArgs('select', ['default'], [dflt]) : { default: dflt };
    if (!globalThis.Array.isArray(condlist) || !globalThis.Array.isArray(choicelist)) throw new TypeError('select(): condlist and choicelist must be lists of arrays.');
    if (condlist.length !== choicelist.length) throw new ShapeError(`select(): condlist and choicelist must have the same length, got ${condlist.length} and ${choicelist.length}.`);
    if (condlist.length === 0) throw new ShapeError('select(): condlist must be non-empty.');
    const conds = condlist.map((c) => asArray(c));
    for (const c of conds) if (c.dtype.kind !== 'b') throw new DtypeError(`select(): condlist entries must be boolean, got ${c.dtype.name}; compare first (x.gt(0)).`);
    const choices = promoteDtypes(...choicelist.map((c) => asArray(c)), asArray((o.default ?? 0) as ArrayLike));
    const shape = broadcastShapes(...conds.map((c) => c.shape), ...choices.map((c) => c.shape));
    let out = broadcastArray(choices[choices.length - 1]!, shape);
    for (let k = conds.length - 1; k >= 0; k--) out = laxSelect(broadcastArray(conds[k]!, shape), broadcastArray(choices[k]!, shape), out);
    return out;
  },
});

type Piece = ((x: Array, ...args: unknown[]) => ArrayLike) | ArrayLike;

/** Evaluate a piecewise-defined function (`piecewise(x, condlist, funclist, ...args)`: where condition k holds, funclist[k] (a function of x or a constant); an extra last entry is the otherwise value, else 0). */
export const piecewise = declare('piecewise', {
  arrays: 0,
  impl: (x: ArrayLike, condlist: readonly ArrayLike[] | ArrayLike, funclist: readonly Piece[], ...args: unknown[]): Array => {
    const a = asArray(x);
    const conds = (globalThis.Array.isArray(condlist) && condlist.length > 0 && typeof condlist[0] !== 'boolean' ? (condlist as ArrayLike[]) : [condlist as ArrayLike]).map((c) => asArray(c));
    for (const c of conds) {
      if (c.dtype.kind !== 'b') throw new DtypeError(`piecewise(): conditions must be boolean, got ${c.dtype.name}.`);
      broadcastShapes(c.shape, a.shape);
    }
    const nc = conds.length;
    if (!globalThis.Array.isArray(funclist) || (funclist.length !== nc && funclist.length !== nc + 1))
      throw new ShapeError(`piecewise(): with ${nc} condition(s), funclist must have ${nc} or ${nc + 1} entries, got ${describe(funclist)}.`);
    const value = (f: Piece): Array => {
      const v = typeof f === 'function' ? asArray(f(a, ...args)) : asArray(f);
      return broadcastArray(convertElementType(v, a.dtype, a.weakType), a.shape);
    };
    let out = funclist.length === nc + 1 ? value(funclist[nc]!) : full(a.shape, 0, a.dtype, a.weakType);
    conds.forEach((c, k) => (out = laxSelect(broadcastArray(c, a.shape), value(funclist[k]!), out)));
    return out;
  },
});
