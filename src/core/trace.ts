// The tracing machinery of autodidax: a stack of main traces, one Tracer subclass per
// transformation, and `bind`, which hands a primitive to the innermost relevant trace.
import { Array, type NestedNumbers } from './array.js';
import type { ShapedArray } from './aval.js';
import { ConcretizationError, JaxpoolError } from './errors.js';
import type { Primitive, Params } from './primitive.js';
import type { WorkerDevice } from '../runtime/device.js';

export type TraceCtor = new (main: MainTrace) => Trace;

export class MainTrace {
  constructor(
    readonly level: number,
    readonly traceType: TraceCtor,
    readonly globalData: unknown,
  ) {}
}

/** A custom_jvp/custom_vjp call as traces see it (see transforms/customJvp.ts). */
export interface CustomJvpCall {
  /** The function on flat primal inputs. */
  fun: (args: Array[]) => Array[];
  /** The rule: flat primals and tangents to flat primal and tangent outputs. */
  jvp: (primals: Array[], tangents: Array[]) => [Array[], Array[]];
  /** How many flat outputs `fun` has. */
  numOuts: number;
}
export interface CustomVjpCall {
  fun: (args: Array[]) => Array[];
  /** Forward: flat primals to flat outputs plus flat residuals. */
  fwd: (args: Array[]) => [Array[], Array[]];
  /** Backward: flat residuals and flat output cotangents to flat input cotangents. */
  bwd: (res: Array[], cts: Array[]) => Array[];
  numOuts: number;
}

export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** Box a value from below (a concrete array or a lower-level tracer) into this trace. */
  abstract pure(x: Array): Tracer;
  lift(x: Array): Tracer {
    return this.pure(x);
  }
  abstract processPrimitive(prim: Primitive, tracers: Tracer[], params: Params): Tracer[];
  /** Default: ignore the custom rule and trace the function itself (right for eval and vmap-free staging). */
  processCustomJvpCall(call: CustomJvpCall, tracers: Tracer[]): Array[] {
    return call.fun(tracers);
  }
  processCustomVjpCall(call: CustomVjpCall, tracers: Tracer[]): Array[] {
    return call.fun(tracers);
  }
}

export abstract class Tracer extends Array {
  abstract readonly _trace: Trace;
  /** The value with this trace's wrapping removed where it is no longer needed. */
  fullLower(): Array {
    return this;
  }
  get device(): WorkerDevice | null {
    return null;
  }
  private concretize(what: string): never {
    throw new ConcretizationError(
      `${what} needs a concrete value, but got a tracer ${this.describe()}. ` +
        'Inside jit, grad or vmap values are abstract: use lax.cond/lax.switch/lax.whileLoop for ' +
        'value-dependent control flow, jnp.where for selection, or mark the argument static with ' +
        'jit(f, {staticArgnums: [...]}).',
    );
  }
  describe(): string {
    return `Traced<ShapedArray(${this.dtype.name}[${this.shape.join(',')}]${this.weakType ? ', weak_type=True' : ''})>with<${this._trace.constructor.name}>`;
  }
  dataSync(): never {
    return this.concretize('dataSync()');
  }
  data(): never {
    return this.concretize('data()');
  }
  item(): never {
    return this.concretize('item()');
  }
  tolist(): NestedNumbers {
    return this.concretize('tolist()');
  }
  blockUntilReady(): never {
    return this.concretize('blockUntilReady()');
  }
  delete(): never {
    return this.concretize('delete()');
  }
  override toString(): string {
    return this.describe();
  }
  override valueOf(): never {
    return this.concretize('Converting to a JS number or boolean (valueOf)');
  }
  override [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return this.describe();
    return this.concretize(`Converting to a JS ${hint === 'number' ? 'number' : 'value'} (e.g. x > 0, Number(x), +x)`);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.describe();
  }
}

// --- the trace stack ---
class EvalTrace extends Trace {
  pure(x: Array): Tracer {
    return x as Tracer; // concrete arrays live at level 0 unwrapped
  }
  processPrimitive(prim: Primitive, args: Tracer[], params: Params): Tracer[] {
    return prim.impl(args, params) as Tracer[];
  }
}

const traceStack: MainTrace[] = [new MainTrace(0, EvalTrace, null)];
let dynamicTrace: MainTrace = traceStack[0]!;

/** Run `fn` with a new main trace pushed on the stack (autodidax's `new_main`). */
export function newMain<T>(traceType: TraceCtor, globalData: unknown, fn: (main: MainTrace) => T): T {
  const main = new MainTrace(traceStack.length, traceType, globalData);
  traceStack.push(main);
  try {
    return fn(main);
  } finally {
    traceStack.pop();
  }
}

/** Make `main` the dynamic trace: values created from constants inside `fn` are staged into it. */
export function withDynamic<T>(main: MainTrace, fn: () => T): T {
  const prev = dynamicTrace;
  dynamicTrace = main;
  try {
    return fn();
  } finally {
    dynamicTrace = prev;
  }
}

export function currentDynamic(): MainTrace {
  return dynamicTrace;
}

function findTopTrace(args: readonly Array[]): Trace {
  let top = dynamicTrace;
  for (const a of args) if (a instanceof Tracer && a._trace.main.level > top.level) top = a._trace.main;
  return new top.traceType(top);
}

export function fullRaise(trace: Trace, val: Array): Tracer {
  if (!(val instanceof Tracer)) return trace.pure(val);
  const level = trace.main.level;
  if (val._trace.main === trace.main) return val;
  if (val._trace.main.level < level) return trace.lift(val);
  if (val._trace.main.level > level)
    throw new JaxpoolError(
      `a tracer from an inner transformation (${val.describe()}) escaped into an outer one; ` +
        'return values out of the transformed function instead of storing them in outer variables.',
    );
  throw new JaxpoolError(`different traces at the same level: ${val.describe()} vs ${trace.constructor.name}.`);
}

export function fullLower(val: Array): Array {
  return val instanceof Tracer ? val.fullLower() : val;
}

/** Apply a primitive: the innermost trace among the arguments (or the dynamic trace) handles it. */
export function bind<P extends Params>(prim: Primitive<P>, args: readonly Array[], params: P = {} as P): Array[] {
  const trace = findTopTrace(args);
  const tracers = args.map((a) => fullRaise(trace, a));
  const outs = trace.processPrimitive(prim as unknown as Primitive, tracers, params);
  return outs.map(fullLower);
}

export function bind1<P extends Params>(prim: Primitive<P>, args: readonly Array[], params: P = {} as P): Array {
  return bind(prim, args, params)[0]!;
}

export function bindCustomJvp(call: CustomJvpCall, args: readonly Array[]): Array[] {
  const trace = findTopTrace(args);
  const tracers = args.map((a) => fullRaise(trace, a));
  return trace.processCustomJvpCall(call, tracers).map(fullLower);
}

export function bindCustomVjp(call: CustomVjpCall, args: readonly Array[]): Array[] {
  const trace = findTopTrace(args);
  const tracers = args.map((a) => fullRaise(trace, a));
  return trace.processCustomVjpCall(call, tracers).map(fullLower);
}

export function isTracer(x: unknown): x is Tracer {
  return x instanceof Tracer;
}
