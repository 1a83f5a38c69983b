// The jaxpr IR: four plain structs (Var, Lit, JaxprEqn, Jaxpr), a printer, an evaluator and DCE.
import type { Array } from './array.js';
import type { ShapedArray } from './aval.js';
import { bind, bindCustomJvp, bindCustomVjp } from './trace.js';
import type { Params, Primitive } from './primitive.js';

let varCounter = 0;
export class Var {
  readonly id = varCounter++;
  constructor(readonly aval: ShapedArray) {}
}
/** A scalar literal inlined into an equation. */
export class Lit {
  constructor(
    readonly val: number,
    readonly aval: ShapedArray,
  ) {}
}
export type Atom = Var | Lit;

export class JaxprEqn {
  constructor(
    readonly primitive: Primitive,
    readonly inputs: Atom[],
    readonly params: Params,
    readonly outBinders: Var[],
  ) {}
}

/**
 * JAX's `Jaxpr`: a traced program — input binders, equations (one primitive each) and outputs.
 * `` `${jaxpr}` `` prints it as JAX does. Made by {@link makeJaxpr} and `jit(f).lower(...)`.
 */
export class Jaxpr {
  constructor(
    readonly inBinders: Var[],
    readonly eqns: JaxprEqn[],
    readonly outs: Atom[],
  ) {}
  /** JAX's text form: `{ lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }`. */
  toString(): string {
    return printJaxpr(this, [], 0);
  }
}

/**
 * JAX's `ClosedJaxpr`: a {@link Jaxpr} with values for its leading `consts.length` inputs (the
 * arrays `f` closed over). What {@link makeJaxpr} and `jit(f).lower(...)` return; prints like JAX's.
 *
 * @example
 * ```ts
 * console.log(`${makeJaxpr((x: Array) => jnp.sin(x))(jnp.ones([3]))}`);
 * // { lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }
 * ```
 */
export class ClosedJaxpr {
  constructor(
    readonly jaxpr: Jaxpr,
    readonly consts: Array[],
  ) {}
  get inAvals(): ShapedArray[] {
    return this.jaxpr.inBinders.slice(this.consts.length).map((v) => v.aval);
  }
  get outAvals(): ShapedArray[] {
    return this.jaxpr.outs.map((v) => v.aval);
  }
  /** JAX's text form, constants first (`{ lambda a:f32[3]; b:f32[3]. … }`). */
  toString(): string {
    return printJaxpr(this.jaxpr, this.consts, 0);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

// --- printing, like JAX: { lambda a:f32[]; b:f32[5]. let c:f32[5] = sin b in (c,) } ---
function varNamer(): (v: Var) => string {
  const names = new Map<Var, string>();
  return (v) => {
    let n = names.get(v);
    if (!n) {
      let i = names.size;
      n = '';
      do {
        n = String.fromCharCode(97 + (i % 26)) + n;
        i = Math.floor(i / 26) - 1;
      } while (i >= 0);
      names.set(v, n);
    }
    return n;
  };
}

function litStr(l: Lit): string {
  const v = l.val;
  if (l.aval.dtype.name === 'bool') return v ? 'True' : 'False';
  if (l.aval.dtype.kind === 'f') return Number.isInteger(v) ? `${v}.0` : String(v);
  // A complex literal is a JS number: v + 0j, in Python's complex repr.
  if (l.aval.dtype.kind === 'c') return `(${Number.isNaN(v) ? 'nan' : Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf'}+0j)`;
  return String(v);
}

function paramStr(v: unknown): string {
  if (v instanceof ClosedJaxpr || v instanceof Jaxpr) return '{...}';
  if (globalThis.Array.isArray(v)) return `(${v.map(paramStr).join(', ')}${v.length === 1 ? ',' : ''})`;
  if (typeof v === 'function') return v.name || 'fn';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'object') return String(v);
  return String(v);
}

function printJaxpr(jaxpr: Jaxpr, consts: readonly unknown[], indent: number, name = varNamer()): string {
  const atom = (a: Atom) => (a instanceof Lit ? litStr(a) : name(a));
  const binder = (v: Var) => `${name(v)}:${v.aval.str()}`;
  const nc = consts.length;
  const constPart = jaxpr.inBinders.slice(0, nc).map(binder).join(' ');
  const argPart = jaxpr.inBinders.slice(nc).map(binder).join(' ');
  const pad = ' '.repeat(indent);
  const lines = jaxpr.eqns.map((e) => {
    // JAX's spelling: snake_case parameter names, sorted.
    const shown = Object.entries(e.params)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const ps = shown.length ? `[${shown.map(([k, v]) => `${k}=${subJaxprStr(v, indent + 4, name) ?? paramStr(v)}`).join(' ')}]` : '';
    const lhs = e.outBinders.map(binder).join(' ');
    return `${pad}    ${lhs} = ${e.primitive.name}${ps} ${e.inputs.map(atom).join(' ')}`.trimEnd();
  });
  const outs = `(${jaxpr.outs.map(atom).join(', ')}${jaxpr.outs.length === 1 ? ',' : ''})`;
  const head = `{ lambda ${constPart}; ${argPart}. let`;
  // JAX's printer keeps short jaxprs on one line.
  const oneLine = `${head} ${lines.map((l) => l.trim()).join(' ')} in ${outs} }`;
  if (lines.length <= 1 && !oneLine.includes('\n') && oneLine.length + indent <= 80) return oneLine;
  return `${head}\n${lines.join('\n')}\n${pad}  in ${outs} }`;
}

function subJaxprStr(v: unknown, indent: number, name: (v: Var) => string): string | undefined {
  if (v instanceof ClosedJaxpr) return printJaxpr(v.jaxpr, v.consts, indent, name);
  if (v instanceof Jaxpr) return printJaxpr(v, [], indent, name);
  return undefined;
}

// --- evaluation: each equation is bound again, so evaluating under a trace transforms it ---
export function evalJaxpr(jaxpr: Jaxpr, args: readonly Array[], literal: (l: Lit) => Array): Array[] {
  const env = new Map<Var, Array>();
  const read = (a: Atom): Array => (a instanceof Lit ? literal(a) : env.get(a)!);
  jaxpr.inBinders.forEach((v, i) => env.set(v, args[i]!));
  for (const eqn of jaxpr.eqns) {
    const ins = eqn.inputs.map(read);
    const outs = evalEqn(eqn, ins);
    eqn.outBinders.forEach((v, i) => env.set(v, outs[i]!));
  }
  return jaxpr.outs.map(read);
}

/** Custom-derivative calls are re-bound through their own path so their rules survive staging. */
function evalEqn(eqn: JaxprEqn, ins: Array[]): Array[] {
  const p = eqn.params;
  if (eqn.primitive.name === 'custom_jvp_call') return bindCustomJvp(p.call as never, ins);
  if (eqn.primitive.name === 'custom_vjp_call') return bindCustomVjp(p.call as never, ins);
  return bind(eqn.primitive, ins, p);
}

/** Remove equations whose outputs are unused and that have no effects. */
export function dce(jaxpr: Jaxpr): Jaxpr {
  const live = new Set<Var>();
  for (const o of jaxpr.outs) if (o instanceof Var) live.add(o);
  const kept: JaxprEqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const e = jaxpr.eqns[i]!;
    if (!e.primitive.isEffectful(e.params) && !e.outBinders.some((v) => live.has(v))) continue;
    kept.push(e);
    for (const a of e.inputs) if (a instanceof Var) live.add(a);
  }
  return new Jaxpr(jaxpr.inBinders, kept.reverse(), jaxpr.outs);
}
