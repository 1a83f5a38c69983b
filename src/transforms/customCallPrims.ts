// The staged forms of customJvp/customVjp calls. Tracing and evaluation route them through
// bindCustomJvp/bindCustomVjp (so the user's rules apply); the compiler inlines `jaxpr`.
import { definePrimitive } from '../core/primitive.js';
import type { Jaxpr } from '../core/jaxpr.js';
import type { CustomJvpCall, CustomVjpCall } from '../core/trace.js';

interface CustomCallParams {
  [k: string]: unknown;
  jaxpr: Jaxpr;
  numConsts: number;
}

export const customJvpCallP = definePrimitive<CustomCallParams & { call: CustomJvpCall }>('custom_jvp_call', {
  abstractEval: (_avals, p) => p.jaxpr.outs.map((o) => o.aval),
  // Effects inside (debug.print, ioCallback) keep the call, and its program tracked and in order.
  effectful: (p) => p.jaxpr.eqns.some((e) => e.primitive.isEffectful(e.params)),
  lower: { kind: 'inline' },
});

export const customVjpCallP = definePrimitive<CustomCallParams & { call: CustomVjpCall }>('custom_vjp_call', {
  abstractEval: (_avals, p) => p.jaxpr.outs.map((o) => o.aval),
  effectful: (p) => p.jaxpr.eqns.some((e) => e.primitive.isEffectful(e.params)),
  lower: { kind: 'inline' },
});
