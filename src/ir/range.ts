// Value ranges of integer expressions: the interval of each one's exact (unwrapped) result, from
// constants, loop bounds and the dtype of loaded data. They fold index arithmetic (`i % n` is `i`
// when 0 ≤ i < n) and tell renderers when int32 arithmetic cannot wrap, so `i * 4 + j` needs no
// `| 0` or `Math.imul`.
import { type DType, intBounds } from '../core/dtypes.js';
import { type AluOp, type Buf, type Exp, type Sym, unlet } from './exp.js';

type Interval = readonly [number, number];

const BOOL: Interval = [0, 1];
const ANY: Interval = [-Infinity, Infinity];

/** Whether values of `d` are integers (the int and uint dtypes, bool). */
export const isIntDtype = (d: DType): boolean => d.kind !== 'f';

/** The values dtype `d` can hold. */
export function typeRange(d: DType): Interval {
  return d.kind === 'f' ? ANY : intBounds(d);
}

const tableRanges = new WeakMap<Buf, Interval>();
function bufRange(b: Buf): Interval {
  if (!b.data) return typeRange(b.dtype);
  let r = tableRanges.get(b);
  if (!r) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of b.data) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    tableRanges.set(b, (r = b.data.length ? [lo, hi] : [0, 0]));
  }
  return r;
}

const union = (a: Interval, b: Interval): Interval => [Math.min(a[0], b[0]), Math.max(a[1], b[1])];

/** The interval of `e`'s exact result, its operands taken as the values they hold (wrapped). */
export function exactRange(e: Exp): Interval {
  const d = e.dtype;
  if (!isIntDtype(d)) return ANY;
  const [a, b] = [e.src[0]?.range ?? ANY, e.src[1]?.range ?? ANY];
  switch (e.op) {
    case 'const':
      return [e.arg as number, e.arg as number];
    case 'sym':
      return (e.arg as Sym).bounds ?? typeRange(d);
    case 'load':
      return bufRange(e.arg as Buf);
    case 'cast': {
      // Float sources saturate to the target's range; integer ones keep their range when it fits.
      const x = e.src[0]!;
      const t = typeRange(d);
      return isIntDtype(x.dtype) && x.range[0] >= t[0] && x.range[1] <= t[1] ? x.range : t;
    }
    case 'where':
      return union(e.src[1]!.range, e.src[2]!.range);
    case 'add':
      return [a[0] + b[0], a[1] + b[1]];
    case 'sub':
      return [a[0] - b[1], a[1] - b[0]];
    case 'mul': {
      const p = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]];
      return [Math.min(...p), Math.max(...p)];
    }
    case 'neg':
      return [-a[1], -a[0]];
    case 'abs':
      return a[0] >= 0 ? a : a[1] <= 0 ? [-a[1], -a[0]] : [0, Math.max(-a[0], a[1])];
    case 'sign':
      return [Math.sign(a[0]), Math.sign(a[1])];
    case 'div': {
      const c = e.src[1]!.value;
      if (c !== undefined && c !== 0) {
        const q = [Math.trunc(a[0] / c), Math.trunc(a[1] / c)];
        return [Math.min(q[0]!, q[1]!), Math.max(q[0]!, q[1]!)];
      }
      // |a / b| ≤ |a|; -2^31 / -1 is the one result outside int32. b = 0 gives all ones
      // (lax: -1, or the unsigned maximum).
      if (d.kind === 'u') return [0, typeRange(d)[1]];
      const m = Math.max(-a[0], a[1], 1);
      return [-m, m];
    }
    case 'rem': {
      // The sign of the dividend, smaller in magnitude than both operands.
      const c = e.src[1]!.value;
      const m = c !== undefined && c !== 0 ? Math.abs(c) - 1 : Infinity;
      return [Math.max(Math.min(a[0], 0), -m), Math.min(Math.max(a[1], 0), m)];
    }
    case 'max':
      return [Math.max(a[0], b[0]), Math.max(a[1], b[1])];
    case 'min':
      return [Math.min(a[0], b[0]), Math.min(a[1], b[1])];
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return compareRange(e.op, a, b);
    default:
      return typeRange(d);
  }
}

/** A comparison decided by its operands' ranges is [0, 0] or [1, 1] (NaN lies in no float range, so floats never decide). */
function compareRange(op: AluOp, a: Interval, b: Interval): Interval {
  if (a[0] === -Infinity || b[0] === -Infinity) return BOOL;
  const always = { lt: a[1] < b[0], le: a[1] <= b[0], gt: a[0] > b[1], ge: a[0] >= b[1], eq: a[0] === a[1] && b[0] === b[1] && a[0] === b[0], ne: a[1] < b[0] || a[0] > b[1] };
  const never = { lt: a[0] >= b[1], le: a[0] > b[1], gt: a[1] <= b[0], ge: a[1] < b[0], eq: a[1] < b[0] || a[0] > b[1], ne: a[0] === a[1] && b[0] === b[1] && a[0] === b[0] };
  const k = op as keyof typeof always;
  return always[k] ? [1, 1] : never[k] ? [0, 0] : BOOL;
}

/**
 * Fold an int32 op: its value when every operand is constant (with int32 wrapping, as rendered),
 * an operand it reduces to (x + 0, x * 1, i % n with 0 ≤ i < n), or undefined.
 */
export function foldInt(op: AluOp, src: readonly Exp[]): number | Exp | undefined {
  const [a, b] = src as [Exp, Exp | undefined];
  const av = a.value;
  const bv = b?.value;
  if (av !== undefined && (b === undefined || bv !== undefined)) return evalInt(op, av, bv ?? 0);
  const r = a.range;
  switch (op) {
    case 'add':
      return bv === 0 ? a : av === 0 ? b : undefined;
    case 'sub':
      return bv === 0 ? a : undefined;
    case 'mul':
      return bv === 1 ? a : av === 1 ? b : bv === 0 || av === 0 ? 0 : undefined;
    case 'div':
      if (bv === 1) return a;
      if (bv !== undefined && bv > 0 && r[0] >= 0 && r[1] < bv) return 0;
      return rowColumn(a, bv)?.[0];
    case 'rem':
      if (bv === 1) return 0;
      if (bv !== undefined && bv > 0 && r[0] >= 0 && r[1] < bv) return a;
      return rowColumn(a, bv)?.[1];
    case 'max':
      return bv !== undefined && r[0] >= bv ? a : bv !== undefined && r[1] <= bv ? b : undefined;
    case 'min':
      return bv !== undefined && r[1] <= bv ? a : bv !== undefined && r[0] >= bv ? b : undefined;
    default:
      return undefined;
  }
}

/**
 * `a` as `row * k + col` with 0 ≤ row and 0 ≤ col < k: then a / k is row and a % k is col — so a
 * flat index built from a rows × columns loop nest maps back to the loop indices, no division.
 */
function rowColumn(flat: Exp, k: number | undefined): [Exp, Exp] | undefined {
  const a = unlet(flat);
  if (k === undefined || k <= 0 || a.op !== 'add' || a.wraps) return undefined;
  for (const [col, m0] of [a.src, [...a.src].reverse()] as Exp[][]) {
    const m = unlet(m0!);
    if (m.op !== 'mul' || m.wraps || col!.range[0] < 0 || col!.range[1] >= k) continue;
    const [x, c] = m!.src[1]!.value === k ? [m!.src[0]!, m!.src[1]!] : m!.src[0]!.value === k ? [m!.src[1]!, m!.src[0]!] : [];
    if (x && c && x.range[0] >= 0) return [x, col!];
  }
  return undefined;
}

/** An int32 op on constants, wrapping as the renderers do (lax semantics: x / 0 = -1, x % 0 = x). */
function evalInt(op: AluOp, a: number, b: number): number | undefined {
  switch (op) {
    case 'add':
      return (a + b) | 0;
    case 'sub':
      return (a - b) | 0;
    case 'mul':
      return Math.imul(a, b);
    case 'div':
      return b === 0 ? -1 : (a / b) | 0;
    case 'rem':
      return b === 0 ? a : (a % b) | 0;
    case 'max':
      return Math.max(a, b);
    case 'min':
      return Math.min(a, b);
    case 'neg':
      return -a | 0;
    case 'abs':
      return Math.abs(a) | 0;
    case 'sign':
      return Math.sign(a);
    case 'not':
      return ~a;
    case 'and':
      return a & b;
    case 'or':
      return a | b;
    case 'eq':
      return a === b ? 1 : 0;
    case 'ne':
      return a !== b ? 1 : 0;
    case 'lt':
      return a < b ? 1 : 0;
    case 'le':
      return a <= b ? 1 : 0;
    case 'gt':
      return a > b ? 1 : 0;
    case 'ge':
      return a >= b ? 1 : 0;
    default:
      return undefined;
  }
}
