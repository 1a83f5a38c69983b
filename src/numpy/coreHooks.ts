// What core needs from jnp (core cannot import it): `x.index(...)` and iteration, and the
// conversion of nested host data in `asArray`. Installed into core's `arrayMethods` on import.
import { type Array, arrayMethods } from '../core/array.js';
import { type DTypeLike, dtype as toDtype } from '../core/dtypes.js';
import { ShapeError } from '../core/errors.js';
import { convertElementType } from '../lax/elementwise.js';
import { concatenateAlong } from '../lax/slicing.js';
import { reshape } from '../lax/structural.js';
import { at } from './at.js';
import { index } from './getitem.js';
import { promoteDtypes } from './promote.js';

/** jnp.array of nested rows: arrays of one shape (promoted together) laid out as `shape`; a ShapeError for ragged rows. */
function stackNested(rows: Array[], shape: number[], dtype?: DTypeLike): Array {
  const inner = rows[0]?.shape ?? [];
  for (const r of rows)
    if (r.shape.join() !== inner.join())
      throw new ShapeError(`array(): nested rows have different shapes [${inner}] and [${r.shape}]; every row must have the same shape.`);
  const promoted = promoteDtypes(...rows);
  const d = dtype === undefined ? promoted[0]!.dtype : toDtype(dtype);
  const stacked = concatenateAlong(promoted.map((r) => reshape(r, [1, ...inner])), 0);
  return convertElementType(reshape(stacked, [...shape, ...inner]), d, false);
}

Object.assign(arrayMethods, { index, at, stackNested, convertElementType });
