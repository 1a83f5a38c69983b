// jnp.einsum: Einstein summation lowered to lax — a diagonal (reshape + strided slice) per repeated
// label, a sum per label no one else needs, then pairwise dot_generals in a greedy order (the
// matmul kernel does the work) and one final transpose. Size-1 dimensions broadcast, as JAX's.
import type { Array, ArrayLike } from '../core/array.js';
import { bindArgs, describe, dtypeArg, isOptions } from '../core/args.js';
import { asArray } from '../core/convert.js';
import { ShapeError } from '../core/errors.js';
import { dotGeneral } from '../lax/dot.js';
import { convertElementType } from '../lax/elementwise.js';
import { reduceSum } from '../lax/reductions.js';
import { slice } from '../lax/slicing.js';
import { reshape, transpose } from '../lax/structural.js';
import { declare } from './declare.js';
import { fusedEager } from './eager.js';
import { promoteDtypes } from './promote.js';

/** einsum's options (JAX's keyword arguments). */
export interface EinsumOptions {
  /** The contraction order: true/'greedy'/'optimal'/'auto' (greedy), false (left to right), or an explicit path of operand-index pairs. */
  optimize?: boolean | string | readonly unknown[];
  /** Accepted for JAX compatibility: jaxpool computes at the dtype's full precision. */
  precision?: string | null | readonly unknown[];
  /** The dtype to compute and return in. */
  preferredElementType?: string | null | object;
  /** Accepted for JAX compatibility (einsum's dot_general implementation). */
  _dotGeneral?: unknown;
  /** Accepted for JAX compatibility (sharding is not modelled). */
  outSharding?: unknown;
}

/** An operand's labels (one string character per axis) and the output's. */
interface Spec {
  inputs: string[];
  output: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Private labels for the axes an ellipsis stands for (never valid subscripts). */
const ELLIPSIS_BASE = 0x100;

/** Parse `subscripts` for operands of `ranks`, expanding ellipses and the implicit output. */
function parseSubscripts(subscripts: string, ranks: number[]): Spec {
  const s = subscripts.replace(/\s/g, '');
  const arrow = s.indexOf('->');
  const lhs = arrow < 0 ? s : s.slice(0, arrow);
  const terms = lhs.split(',');
  if (terms.length !== ranks.length)
    throw new ShapeError(`einsum: subscripts '${subscripts}' name ${terms.length} operand(s) but ${ranks.length} were given.`);
  let nEll = 0;
  const inputs = terms.map((t, k) => {
    checkTerm(subscripts, t);
    const parts = t.split('...');
    const named = t.replace('...', '').length;
    if (parts.length === 1) {
      if (named !== ranks[k]) throw new ShapeError(`einsum: operand ${k} has rank ${ranks[k]} but subscripts '${t}' name ${named} axes.`);
      return t;
    }
    const n = ranks[k]! - named;
    if (n < 0) throw new ShapeError(`einsum: operand ${k} has rank ${ranks[k]}, fewer than the ${named} axes '${t}' names.`);
    nEll = Math.max(nEll, n);
    return parts[0]! + ellipsisLabels(n) + parts[1]!;
  });
  // An ellipsis of fewer axes stands for the trailing ones (numpy's right alignment).
  const ell = ellipsisLabels(nEll);
  let output: string;
  if (arrow >= 0) {
    const out = s.slice(arrow + 2);
    checkTerm(subscripts, out);
    output = out.replace('...', ell);
    for (const c of out.replace('...', '')) {
      if (!lhs.includes(c)) throw new ShapeError(`einsum: output label '${c}' of '${subscripts}' is not an input label.`);
      if (out.indexOf(c) !== out.lastIndexOf(c)) throw new ShapeError(`einsum: output label '${c}' of '${subscripts}' is repeated.`);
    }
  } else {
    const once = [...new Set(lhs.replace(/[^a-zA-Z]/g, ''))].filter((c) => lhs.split(c).length === 2).sort();
    output = ell + once.join('');
  }
  return { inputs, output };
}

function ellipsisLabels(n: number): string {
  // Right-aligned: an ellipsis of n axes takes the last n of the longest one's labels.
  return globalThis.Array.from({ length: n }, (_, i) => String.fromCharCode(ELLIPSIS_BASE + 64 - n + i)).join('');
}

function checkTerm(subscripts: string, t: string): void {
  if (t.split('...').length > 2) throw new ShapeError(`einsum: '${subscripts}' has more than one ellipsis in a term.`);
  for (const c of t.replace('...', ''))
    if (!LETTERS.includes(c)) throw new ShapeError(`einsum: invalid subscript '${c}' in '${subscripts}'; subscripts are letters a-z, A-Z and '...'.`);
}

/** The subscripts string of JAX's sublist form `einsum(op0, [0, 1], op1, [1, 2], [0, 2])`. */
function sublistSubscripts(args: unknown[]): { subscripts: string; operands: unknown[]; rest: unknown[] } {
  const label = (v: unknown): string => {
    if (v === '...') return '...';
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= LETTERS.length)
      throw new ShapeError(`einsum: a sublist holds integers in [0, ${LETTERS.length}) or '...', got ${describe(v)}.`);
    return LETTERS[v]!;
  };
  const operands: unknown[] = [];
  const terms: string[] = [];
  let k = 0;
  while (k + 1 < args.length && globalThis.Array.isArray(args[k + 1]) && !isOptions(args[k])) {
    operands.push(args[k]);
    terms.push((args[k + 1] as unknown[]).map(label).join(''));
    k += 2;
  }
  let subscripts = terms.join(',');
  if (k < args.length && globalThis.Array.isArray(args[k])) subscripts += '->' + (args[k++] as unknown[]).map(label).join('');
  return { subscripts, operands, rest: args.slice(k) };
}

/** An operand as it is being contracted: its array and one label per axis. */
interface Term {
  x: Array;
  labels: string;
}

/** Take the diagonal of every repeated label (numpy: 'ii->i'). */
function diagonals(t: Term): Term {
  let { x, labels } = t;
  for (let p = 0; p < labels.length; p++) {
    const q = labels.indexOf(labels[p]!, p + 1);
    if (q < 0) continue;
    if (x.shape[p] !== x.shape[q]) throw new ShapeError(`einsum: repeated label '${labels[p]}' names axes of sizes ${x.shape[p]} and ${x.shape[q]}.`);
    const n = x.shape[p]!;
    const rest = labels.split('').map((_, i) => i).filter((i) => i !== p && i !== q);
    const lead = rest.map((i) => x.shape[i]!);
    x = transpose(x, [...rest, p, q]);
    x = reshape(x, [...lead, n * n]);
    // Elements (i, i) of an n×n block are n + 1 apart.
    x = slice(x, [...lead.map(() => 0), 0], [...lead, n * n], [...lead.map(() => 1), n + 1]);
    labels = rest.map((i) => labels[i]).join('') + labels[p];
    p = -1;
  }
  return { x, labels };
}

/** Sum the axes whose labels are not in `keep`, and drop size-1 axes other operands broadcast against. */
function sumOut(t: Term, keep: Set<string>, sizes: Map<string, number>): Term {
  const axes = t.labels.split('').map((_, i) => i).filter((i) => !keep.has(t.labels[i]!) || (t.x.shape[i] === 1 && sizes.get(t.labels[i]!) !== 1));
  if (axes.length === 0) return t;
  const labels = t.labels.split('').filter((_, i) => !axes.includes(i)).join('');
  return { x: reduceSum(t.x, axes), labels };
}

/** Contract two terms: shared labels still needed are batch axes, the other shared ones contract. */
function contract(a: Term, b: Term, keep: Set<string>): Term {
  const shared = [...a.labels].filter((c) => b.labels.includes(c));
  const batch = shared.filter((c) => keep.has(c));
  const con = shared.filter((c) => !keep.has(c));
  const idx = (t: Term, cs: string[]) => cs.map((c) => t.labels.indexOf(c));
  const x = dotGeneral(a.x, b.x, { contracting: [idx(a, con), idx(b, con)], batch: [idx(a, batch), idx(b, batch)] });
  const free = (t: Term) => [...t.labels].filter((c) => !shared.includes(c)).join('');
  return { x, labels: batch.join('') + free(a) + free(b) };
}

/** The size of each label, a ShapeError where operands disagree (size 1 broadcasts). */
function labelSizes(terms: Term[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const t of terms)
    [...t.labels].forEach((c, i) => {
      const n = t.x.shape[i]!;
      const m = sizes.get(c);
      if (m === undefined || m === 1) sizes.set(c, n);
      else if (n !== 1 && n !== m) throw new ShapeError(`einsum: label '${printable(c)}' has size ${m} in one operand and ${n} in another.`);
    });
  return sizes;
}

const printable = (c: string) => (c.charCodeAt(0) >= ELLIPSIS_BASE ? '...' : c);

/** The next pair to contract: the explicit path's, or (greedy) the one whose result is smallest. */
function nextPair(terms: Term[], output: string, sizes: Map<string, number>, path: number[][] | null): [number, number] {
  if (path) {
    const p = path.shift();
    if (!p || p.length !== 2 || p.some((i) => !Number.isInteger(i) || i < 0 || i >= terms.length) || p[0] === p[1])
      throw new ShapeError(`einsum: the optimize path must list pairs of distinct operand indices, one per contraction; got ${describe(p)}.`);
    return [Math.min(p[0]!, p[1]!), Math.max(p[0]!, p[1]!)];
  }
  let best: [number, number] = [0, 1];
  let bestCost = Infinity;
  for (let i = 0; i < terms.length; i++)
    for (let j = i + 1; j < terms.length; j++) {
      const keep = keptLabels(terms, [i, j], output);
      const labels = new Set([...terms[i]!.labels, ...terms[j]!.labels].filter((c) => keep.has(c)));
      const cost = [...labels].reduce((s, c) => s * sizes.get(c)!, 1);
      if (cost < bestCost) [best, bestCost] = [[i, j], cost];
    }
  return best;
}

/** Labels needed after contracting `skip`: the output's and those of the other operands. */
function keptLabels(terms: Term[], skip: number[], output: string): Set<string> {
  const keep = new Set(output);
  terms.forEach((t, k) => {
    if (!skip.includes(k)) for (const c of t.labels) keep.add(c);
  });
  return keep;
}

/** The contraction path an `optimize` value asks for: null for greedy, [] pairs otherwise. */
function pathOf(optimize: unknown, n: number): number[][] | null {
  if (optimize === undefined || optimize === null || optimize === true || ['greedy', 'optimal', 'auto', 'dp', 'branch-all', 'branch-2'].includes(optimize as string)) return null;
  if (optimize === false) return globalThis.Array.from({ length: Math.max(0, n - 1) }, () => [0, 1]);
  if (globalThis.Array.isArray(optimize)) {
    const pairs = optimize.filter((p) => p !== 'einsum_path') as number[][];
    if (pairs.length === n - 1) return pairs.map((p) => [...p]);
  }
  throw new ShapeError(`einsum: optimize must be true, false, 'greedy', 'optimal', 'auto' or a path of ${n - 1} pair(s), got ${describe(optimize)}.`);
}

/** The contraction on traced operands (already of the result dtype). */
function einsumArrays(xs: Array[], spec: Spec, optimize: unknown): Array {
  let terms: Term[] = xs.map((x, k) => diagonals({ x, labels: spec.inputs[k]! }));
  const sizes = labelSizes(terms);
  terms = terms.map((t, k) => sumOut(t, keptLabels(terms, [k], spec.output), sizes));
  const path = pathOf(optimize, terms.length);
  while (terms.length > 1) {
    const [i, j] = nextPair(terms, spec.output, sizes, path);
    const keep = keptLabels(terms, [i, j], spec.output);
    const a = sumOut(terms[i]!, new Set([...keep, ...terms[j]!.labels]), sizes);
    const b = sumOut(terms[j]!, new Set([...keep, ...a.labels]), sizes);
    terms = [...terms.filter((_, k) => k !== i && k !== j), contract(a, b, keep)];
  }
  const t = sumOut(terms[0]!, new Set(spec.output), sizes);
  const perm = [...spec.output].map((c) => t.labels.indexOf(c));
  return perm.every((p, i) => p === i) ? t.x : transpose(t.x, perm);
}

/** One fused eager program per operand count (the subscripts and options are static). */
const fusedByCount = new Map<number, (...args: unknown[]) => Array>();
function runFused(xs: Array[], subscripts: string, o: { optimize?: unknown; preferredElementType?: unknown }): Array {
  let f = fusedByCount.get(xs.length);
  if (!f) {
    const n = xs.length;
    const impl = (...args: unknown[]): Array => einsumImpl(args.slice(0, n) as Array[], args[n] as string, args[n + 1] as typeof o);
    f = fusedEager('einsum', impl, n);
    fusedByCount.set(n, f);
  }
  return f(...xs, subscripts, { optimize: o.optimize ?? null, preferredElementType: dtypeArg(o.preferredElementType)?.name ?? null });
}

function einsumImpl(operands: Array[], subscripts: string, o: { optimize?: unknown; preferredElementType?: unknown }): Array {
  const spec = parseSubscripts(subscripts, operands.map((x) => x.ndim));
  const pref = dtypeArg(o.preferredElementType);
  let xs = promoteDtypes(...operands);
  if (pref) xs = xs.map((x) => convertElementType(x, pref, false));
  return einsumArrays(xs, spec, o.optimize);
}

/**
 * Einstein summation (`einsum('ij,jk->ik', a, b)`, or JAX's sublist form `einsum(a, [0, 1], b, [1, 2])`),
 * with JAX's `optimize` (greedy contraction order), `preferredElementType` and size-1 broadcasting;
 * a ShapeError for malformed subscripts or mismatched sizes.
 */
export const einsum = declare('einsum', {
  arrays: 0,
  impl: (subscripts: string | ArrayLike, ...rest: (ArrayLike | readonly unknown[] | EinsumOptions)[]): Array => {
    const { subscripts: sub, operands: ops, rest: tail } =
      typeof subscripts === 'string' ? { subscripts, operands: rest, rest: [] } : sublistSubscripts([subscripts, ...rest]);
    const args = [...ops, ...tail];
    const hasOpts = args.length > 0 && isOptions(args[args.length - 1]);
    const operands = (hasOpts ? args.slice(0, -1) : args).map((a) => asArray(a as ArrayLike));
    const o = bindArgs('einsum', ['optimize', 'precision', 'preferredElementType', '_dotGeneral', 'outSharding'], hasOpts ? [args[args.length - 1]] : [], [
      'optimize',
      'precision',
      'preferredElementType',
      '_dotGeneral',
      'outSharding',
    ]);
    if (operands.length === 0) throw new ShapeError('einsum needs at least one operand.');
    return runFused(operands, sub, o);
  },
});
