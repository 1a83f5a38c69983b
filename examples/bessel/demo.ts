// The seed example (API.md section 1): a host Bessel function called from compiled code with
// pureCallback, transformed by jit and vmap, then given a derivative with customJvp.
import * as jp from 'jaxpool';
import { numpy as jnp } from 'jaxpool';
import { hostJv } from './host-bessel.js';

export function main(log: (line: string) => void = console.log): void {
  const jv = (v: jp.ArrayLike, z: jp.ArrayLike): jp.Array => {
    const va = jnp.asarray(v);
    let za = jnp.asarray(z);
    if (!jnp.issubdtype(va.dtype, jnp.integer)) throw new TypeError('order v must be an integer');
    za = za.astype(jnp.resultType('float', za.dtype)); // float32 unless x64 is on
    const out = new jp.ShapeDtypeStruct(jnp.broadcastShapes(va.shape, za.shape), za.dtype);
    return jp.pureCallback((v, z) => hostJv(v, z), out, [va, za], { vmapMethod: 'broadcast_all' });
  };
  const j1 = (z: jp.ArrayLike) => jv(1, z);
  const z = jnp.arange(5.0);
  log(`${j1(z)}`);
  log(`${jp.jit(j1)(z)}`);
  log(`${jp.vmap(j1)(z)}`);
  try {
    jp.grad(j1)(z);
  } catch (e) {
    log(`grad(j1) raised ${(e as Error).name}: ${(e as Error).message}`);
  }

  const jvc = jp.customJvp(jv);
  jvc.defjvp(([v, z], [_vDot, zDot]) => {
    const m1 = jvc(jnp.subtract(v, 1), z),
      p1 = jvc(jnp.add(v, 1), z);
    const d = jnp.where(jnp.equal(v, 0), jnp.negative(p1), jnp.multiply(0.5, jnp.subtract(m1, p1)));
    return [jvc(v, z), jnp.multiply(zDot, d)];
  });
  const j1c = (z: jp.ArrayLike) => jvc(1, z);
  log(`${jp.grad(j1c)(2.0)}`);
  log(inspect(jp.hessian(j1c)(2.0)));
}

import { inspect } from 'node:util';

if (import.meta.url === `file://${process.argv[1]}`) main();
