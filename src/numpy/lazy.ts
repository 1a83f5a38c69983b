// Eager chains fused lazily: an eager jnp call whose program is elementwise, index maps or
// reductions (no kernels, no effects) returns an array whose value is deferred. Its inputs that are
// deferred too stay as nodes, so `sin(x).mul(2).add(x.mul(x)).sub(1)` is one small graph; the
// first use of the value (a read, a jit or non-fusable op taking it, a callback, devicePut) traces
// the graph into one jaxpr and launches it as one fused program, cached by the graph's structure.
// A chain also launches when the host yields to the event loop (see flush) and every MAX_NODES ops.
// Only pure programs are deferred, so nothing observable moves: effects, callbacks and errors
// raised while tracing (shapes, dtypes) happen at the call, as before.
import type { Array } from '../core/array.js';
import type { ShapedArray } from '../core/aval.js';
import type { Jaxpr } from '../core/jaxpr.js';
import { Var } from '../core/jaxpr.js';
import { CompileCache } from '../compiler/compileCache.js';
import { firstDevice, HOST_RUN_MAX_ELEMENTS } from '../compiler/executable.js';
import { DeviceArray, type Deferred } from '../runtime/deviceArray.js';
import type { WorkerDevice } from '../runtime/device.js';
import type { HeapBuffer } from '../runtime/heap.js';
import { evalJaxprValues, executableFor } from '../transforms/jit.js';
import { traceToJaxpr } from '../transforms/staging.js';

/** An eager program that may be deferred: its jaxpr (constants first among its inputs) and a stable id. */
export interface LazyOp {
  readonly id: number;
  readonly jaxpr: Jaxpr;
  readonly consts: readonly Array[];
}

/**
 * Nodes one launch fuses at most: a longer chain launches its deferred inputs first, so a loop
 * like `for (…) x = x.mul(2)` launches every MAX_NODES steps instead of growing without bound.
 */
const MAX_NODES = 32;

const FUSABLE = new Set(['elementwise', 'index', 'reduce']);
let nextOpId = 0;

/**
 * The deferrable form of an eager program, or null: every equation fuses (elementwise, index map,
 * reduction) and has no effect, and its one output is computed (not an input passed through).
 */
export function lazyOp(jaxpr: Jaxpr, consts: readonly Array[]): LazyOp | null {
  if (jaxpr.outs.length !== 1 || !(jaxpr.outs[0] instanceof Var) || jaxpr.inBinders.includes(jaxpr.outs[0])) return null;
  for (const e of jaxpr.eqns) {
    const kind = e.primitive.rules.lower?.kind;
    if (kind === undefined || !FUSABLE.has(kind) || e.primitive.isEffectful(e.params)) return null;
  }
  return { id: nextOpId++, jaxpr, consts };
}

/** An operand of a node: another node (a deferred value) or an array holding its value. */
type Operand = Node | DeviceArray;

/** One deferred eager op: what it computes and from what. */
class Node implements Deferred {
  /**
   * Once launched, its value (held as a second holder of the buffer: deleting the array a user
   * got does not take it from the deferred ops that read it); its operands are then dropped.
   */
  value: DeviceArray | null = null;
  constructor(
    readonly op: LazyOp,
    public operands: readonly Operand[],
    readonly size: number,
    readonly device: WorkerDevice | null,
    readonly committed: boolean,
  ) {}

  launch(array: DeviceArray): DeviceArray {
    unlaunched.delete(this);
    const out = launchGraph(this);
    this.value = held(out);
    this.operands = [];
    deferredNodes.delete(array);
    return out;
  }
}

/** An operand's current form: a launched node's value, else the operand. */
const current = (o: Operand): Operand => (o instanceof Node && o.value ? o.value : o);

const deferredNodes = new WeakMap<DeviceArray, Node>();

/**
 * Whether to defer `op` on `inputs`: when one of them is deferred (the chain goes on) or it touches
 * more than HOST_RUN_MAX_ELEMENTS elements. A chain of tiny ops gains little from one launch: each runs on the
 * host thread in about a microsecond (executable.ts), less than a graph costs to build.
 */
export function worthDeferring(inputs: readonly Array[], outAval: ShapedArray): boolean {
  if (outAval.size > HOST_RUN_MAX_ELEMENTS) return true;
  for (const a of inputs) if (a.size > HOST_RUN_MAX_ELEMENTS || (a as DeviceArray).isDeferred) return true;
  return false;
}

/**
 * `op` applied to `inputs` (concrete arrays), deferred. An input that is itself deferred joins the
 * graph; any other input is held through a second holder of its buffer, so deleting it before the
 * launch does not take the value away.
 */
export function defer(op: LazyOp, inputs: readonly Array[], outAval: ShapedArray): DeviceArray {
  const all = [...op.consts, ...inputs] as DeviceArray[];
  let size = 1;
  for (const a of all) size += deferredNodes.get(a)?.size ?? 0;
  const operands = all.map((a): Operand => {
    const node = a.isDeferred ? deferredNodes.get(a) : undefined;
    // Past MAX_NODES, deferred inputs launch now and enter as values.
    return node && size <= MAX_NODES ? node : held(a);
  });
  // Where the launch will go: executable.ts places it by the same rule.
  const node = new Node(op, operands, size <= MAX_NODES ? size : 1, firstDevice(all), all.some((a) => a.committed));
  const out = DeviceArray.deferred(outAval, node);
  deferredNodes.set(out, node);
  for (const o of operands) if (o instanceof Node) unlaunched.delete(o);
  unlaunched.set(node, out);
  if (unlaunched.size > MAX_UNLAUNCHED) launchQuietly(unlaunched.values().next().value!);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
  return out;
}

// The age limit: deferred arrays not taken in by a later op launch when the host yields to the
// event loop, so a computation left running across an `await` overlaps with it, as eager dispatch
// does; a synchronous chain still fuses whole, and an intermediate taken in is not launched (a
// later read computes it). They are held strongly until then (a WeakRef would keep its target
// alive to the end of the job anyway), so past MAX_UNLAUNCHED the oldest launches at once: a
// synchronous loop that drops its results holds a bounded number.
const unlaunched = new Map<Node, DeviceArray>();
const MAX_UNLAUNCHED = 64;
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  const ends = [...unlaunched.values()];
  unlaunched.clear();
  for (const a of ends) launchQuietly(a);
}

/** Launch `a` if still deferred; a launch that fails (a lost device, a failed input) leaves it deferred, and its read raises. */
function launchQuietly(a: DeviceArray): void {
  if (!a.isDeferred) return;
  try {
    a.buffer();
  } catch {
    // Raised again by the read.
  }
}

/** `a` as a graph input: JS scalars as they are (immutable, cached); others as a second holder of the buffer. */
function held(a: DeviceArray): DeviceArray {
  if (a.scalarValue !== undefined) return a;
  return new DeviceArray(a.aval, a.buffer().share(), a.device, undefined, a.committed);
}

/** The program of each graph structure, by key. */
const programs = new CompileCache<{ jaxpr: Jaxpr; consts: Array[] }>();

/** Trace `root`'s graph into one program (cached by structure) and launch it; its output array. */
function launchGraph(root: Node): DeviceArray {
  const leaves: DeviceArray[] = [];
  // By buffer: the same array held twice (x in sin(x) and in x * x) is one input.
  const leafIds = new Map<HeapBuffer, number>();
  const order: Node[] = [];
  const nodeIds = new Map<Node, number>();
  let key = '';
  const visit = (o: Operand): string => {
    const cur = current(o);
    if (cur instanceof Node) {
      let id = nodeIds.get(cur);
      if (id === undefined) {
        let refs = '';
        for (const x of cur.operands) refs += visit(x) + ',';
        id = order.length;
        order.push(cur);
        nodeIds.set(cur, id);
        key += `${cur.op.id}(${refs});`;
      }
      return `n${id}`;
    }
    const buf = cur.buffer();
    let id = leafIds.get(buf);
    if (id === undefined) {
      id = leaves.length;
      leaves.push(cur);
      leafIds.set(buf, id);
      key += `l${id}:${cur.aval.key()};`;
    }
    return `l${id}`;
  };
  visit(root);
  let entry = programs.get(key);
  if (!entry) {
    const closed = traceToJaxpr((xs) => {
      const vals = new Map<Node, Array>();
      const val = (o: Operand): Array => {
        const cur = current(o);
        return cur instanceof Node ? vals.get(cur)! : xs[leafIds.get(cur.buffer())!]!;
      };
      for (const n of order) vals.set(n, evalJaxprValues(n.op.jaxpr, n.operands.map(val))[0]!);
      return [vals.get(root)!];
    }, leaves.map((l) => l.aval));
    entry = { jaxpr: closed.jaxpr, consts: closed.consts };
    programs.set(key, entry);
  }
  // executableFor per launch: the program follows config changes (WebAssembly off, x64).
  return executableFor(entry.jaxpr, 'eager chain').execute(entry.consts.length ? [...entry.consts, ...leaves] : leaves)[0]!;
}
