/**
 * numpy's printing of arrays, matching numpy 2.x and JAX byte for byte.
 *
 * - `formatStr`   — numpy's `str(np.asarray(x))` under the default print options.
 * - `formatRepr`  — JAX's `repr(jax.Array)`: numpy's body with an `Array(` prefix and
 *                   `dtype=` (and `weak_type=True`) always shown.
 *
 * Digits come from floatDigits.ts; Python's format mini-language (debug.print) is pyFormat.ts.
 * Pure: no imports from the rest of jaxpool but float16 rounding (via floatDigits.ts).
 */
import {
  type Dec,
  exponentCutoff,
  fractionLength,
  complexScalarStr,
  isComplexDtype,
  isFloatDtype,
  isNegative,
  nonFiniteText,
  positionalDigits,
  positionalParts,
  type PrintDtype,
  renderPositional,
  renderScientific,
  roundTo,
  scalarStr,
  scientificDigits,
  scientificDigitsExactly,
  shortestDigits,
  stripTrailingZeros,
  trimFraction,
  type Trim,
} from './floatDigits.js';

export type { PrintDtype } from './floatDigits.js';

// numpy's default print options (np.get_printoptions()).
const PRECISION = 8;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 75;

/** Reads element `i` as the value numpy would hold: float32-rounded, bool as 0/1. */
export function elementReader(data: ArrayLike<number>, dtype: PrintDtype): (i: number) => number {
  if (dtype === 'float32' || dtype === 'float16') {
    const round = roundTo(dtype);
    return (i) => round(data[i]!);
  }
  if (dtype === 'bool') return (i) => (data[i] ? 1 : 0);
  return (i) => Number(data[i]);
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Largest of `f` over `items` (no argument spreading: corner sets can be large). */
const maxOf = <T>(items: readonly T[], f: (item: T) => number, floor = 0): number =>
  items.reduce((m, item) => Math.max(m, f(item)), floor);

/** Python's tuple repr of a shape: `()`, `(3,)`, `(2, 0)`. */
function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// Element formatters: one fixed-width formatter per array, like numpy's FloatingFormat etc.
// ---------------------------------------------------------------------------------------------

type ElementFormat = (x: number) => string;

function boolFormat(is0d: boolean): ElementFormat {
  // ' True' lines up with 'False', except in 0-d arrays.
  const trueText = is0d ? 'True' : ' True';
  return (x) => (x ? trueText : 'False');
}

function integerFormat(values: readonly number[]): ElementFormat {
  const width = maxOf(values, (v) => String(v).length);
  return (x) => String(x).padStart(width);
}

/** numpy picks exponent notation from the non-zero finite magnitudes, in the array's dtype. */
function needsExponentFormat(finite: readonly number[], dtype: PrintDtype): boolean {
  const magnitudes = finite.filter((v) => v !== 0).map(Math.abs);
  if (magnitudes.length === 0) return false;
  const max = magnitudes.reduce((a, b) => Math.max(a, b));
  const min = magnitudes.reduce((a, b) => Math.min(a, b));
  // Comparisons happen in the array's dtype (NEP 50), so float32 sees float32(1e-4) etc.
  const cast = roundTo(dtype);
  const cutoff = exponentCutoff(dtype);
  return max >= cutoff || min < cast(1e-4) || cast(max / min) > 1000;
}

/**
 * numpy's FloatingFormat with floatmode 'maxprec', precision 8, sign '-' (or '+' with `plus`: a
 * complex number's imaginary part, every value signed).
 */
function floatFormat(values: readonly number[], dtype: PrintDtype, plus = false): ElementFormat {
  const finite = values.filter(Number.isFinite);
  const signed = (v: number) => isNegative(v) || plus;
  // With '+', a non-negative value's padding ends in its sign: ' 1.' becomes '+1.'.
  const withPlus = (v: number, text: string) => (plus && !isNegative(v) ? text.replace(/^( *)/, (sp) => sp.slice(1) + '+') : text);
  let padLeft = 0;
  let padRight = 0;
  let finiteText: ElementFormat = () => '';

  if (finite.length > 0 && needsExponentFormat(finite, dtype)) {
    // First pass at full precision fixes the shared fraction and exponent widths.
    const first = finite.map((v) => stripTrailingZeros(scientificDigits(Math.abs(v), dtype, PRECISION + 1)));
    const precision = maxOf(first, (d) => d.digits.length - 1);
    const expDigits = maxOf(first, (d) => String(Math.abs(d.exp)).length, 2);
    padLeft = maxOf(finite, (v) => (signed(v) ? 2 : 1));
    padRight = expDigits + 2 + precision;
    finiteText = (v) =>
      withPlus(v, renderScientific(isNegative(v), scientificDigitsExactly(Math.abs(v), dtype, precision + 1), 'k', padLeft, expDigits));
  } else if (finite.length > 0) {
    const parts = finite.map((v) => {
      const [int, fraction] = positionalParts(positionalDigits(Math.abs(v), dtype, PRECISION));
      return [(signed(v) ? '-' : '') + int, trimFraction(fraction, '.')];
    });
    padLeft = maxOf(parts, ([int]) => int.length);
    padRight = maxOf(parts, ([, fraction]) => fraction.length);
    finiteText = (v) =>
      withPlus(v, renderPositional(isNegative(v), positionalDigits(Math.abs(v), dtype, PRECISION), '.', padLeft, padRight));
  }

  if (finite.length < values.length) {
    // nan/inf are right-aligned in the full field, which may need to grow on the left.
    const negInf = plus || values.some((v) => v === -Infinity) ? 1 : 0;
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + negInf - offset);
  }
  const nonFinite = (x: number) => (plus && !(x < 0) ? '+' : '') + nonFiniteText(x);
  return (x) => (Number.isFinite(x) ? finiteText(x) : nonFinite(x).padStart(padLeft + padRight + 1));
}

/** numpy's ComplexFloatingFormat: the parts formatted apart (the imaginary one signed), 'j' before the imaginary part's padding. */
function complexFormat(shown: readonly number[], parts: ComplexParts, dtype: PrintDtype): ElementFormat {
  const partDtype = dtype === 'complex64' ? 'float32' : 'float64';
  const real = floatFormat(shown.map(parts.re), partDtype);
  const imag = floatFormat(shown.map(parts.im), partDtype, true);
  return (i) => {
    const t = imag(parts.im(i));
    const end = t.trimEnd().length;
    return real(parts.re(i)) + t.slice(0, end) + 'j' + t.slice(end);
  };
}

/** The real and imaginary parts of element i of a complex array. */
interface ComplexParts {
  re: (i: number) => number;
  im: (i: number) => number;
}

function complexParts(data: ArrayLike<number>, dtype: PrintDtype): ComplexParts {
  const round = roundTo(dtype === 'complex64' ? 'float32' : 'float64');
  return { re: (i) => round(data[2 * i]!), im: (i) => round(data[2 * i + 1]!) };
}

function elementFormat(values: readonly number[], dtype: PrintDtype, is0d: boolean): ElementFormat {
  if (dtype === 'bool') return boolFormat(is0d);
  if (!isFloatDtype(dtype)) return integerFormat(values);
  return floatFormat(values, dtype);
}

// ---------------------------------------------------------------------------------------------
// Layout: numpy's _formatArray (nesting, separators, line wrapping, summarization)
// ---------------------------------------------------------------------------------------------

function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}

/** Indices shown along an axis of length n: all, or the edge items when summarizing. */
function shownIndices(n: number, summarize: boolean): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (!summarize || n <= 2 * EDGE_ITEMS) return all;
  return [...all.slice(0, EDGE_ITEMS), ...all.slice(n - EDGE_ITEMS)];
}

/** The values numpy measures widths on: every element, or only the summarized corners. */
function displayedValues(read: (i: number) => number, shape: readonly number[], summarize: boolean): number[] {
  const strides = rowMajorStrides(shape);
  const out: number[] = [];
  const walk = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      out.push(read(offset));
      return;
    }
    for (const i of shownIndices(shape[axis], summarize)) walk(axis + 1, offset + i * strides[axis]);
  };
  walk(0, 0);
  return out;
}

/** Appends a word to the current line, wrapping first if it would pass `width`. */
function extendLine(text: string, line: string, word: string, width: number, nextLinePrefix: string): [string, string] {
  // Wrapping a line that holds nothing but its indent would not help.
  const wrap = line.length + word.length > width && line.length > nextLinePrefix.length;
  if (wrap) return [text + line.trimEnd() + '\n', nextLinePrefix + word];
  return [text, line + word];
}

interface Layout {
  readonly format: ElementFormat;
  readonly separator: string;
  readonly summarize: boolean;
}

function formatNested(
  read: (i: number) => number,
  shape: readonly number[],
  layout: Layout,
  lineWidth: number,
  nextLinePrefix: string,
): string {
  const strides = rowMajorStrides(shape);
  const { format, separator, summarize } = layout;

  const recurse = (axis: number, offset: number, indent: string, width: number): string => {
    if (axis === shape.length) return format(read(offset));
    const n = shape[axis];
    // Inner rows sit one column right of this '[' and must leave room for its ']'.
    const item = (i: number) => recurse(axis + 1, offset + i * strides[axis], indent + ' ', width - 1);
    const showSummary = summarize && n > 2 * EDGE_ITEMS;
    const leading = showSummary ? EDGE_ITEMS : 0;
    const trailing = showSummary ? EDGE_ITEMS : n;
    let text = '';

    if (axis === shape.length - 1) {
      const elemWidth = width - Math.max(separator.trimEnd().length, 1);
      let line = indent;
      const add = (word: string) => ([text, line] = extendLine(text, line, word, elemWidth, indent));
      for (let i = 0; i < leading; i++) {
        add(item(i));
        line += separator;
      }
      if (showSummary) {
        add('...');
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        add(item(n - i));
        line += separator;
      }
      add(item(n - 1));
      text += line;
    } else {
      // Blank lines between blocks grow with the number of axes left.
      const lineSep = separator.trimEnd() + '\n'.repeat(shape.length - axis - 1);
      for (let i = 0; i < leading; i++) text += indent + item(i) + lineSep;
      if (showSummary) text += indent + '...' + lineSep;
      for (let i = trailing; i > 1; i--) text += indent + item(n - i) + lineSep;
      text += indent + item(n - 1);
    }
    return '[' + text.slice(indent.length) + ']';
  };

  return recurse(0, 0, nextLinePrefix, lineWidth);
}

/** numpy's array2string for a non-empty array. */
function array2string(
  data: ArrayLike<number>,
  shape: readonly number[],
  dtype: PrintDtype,
  separator: string,
  prefix: string,
  lineWidth: number,
): string {
  const summarize = sizeOf(shape) > THRESHOLD;
  // Complex elements are read by index; their format looks the parts up.
  const cplx = isComplexDtype(dtype) ? complexParts(data, dtype) : null;
  const read = cplx ? (i: number) => i : elementReader(data, dtype);
  const shown = displayedValues(read, shape, summarize);
  const format = cplx ? complexFormat(shown, cplx, dtype) : elementFormat(shown, dtype, shape.length === 0);
  return formatNested(read, shape, { format, separator, summarize }, lineWidth, ' ' + ' '.repeat(prefix.length));
}

// ---------------------------------------------------------------------------------------------
// Public: str and repr
// ---------------------------------------------------------------------------------------------

/** numpy 2.x `str(np.array(data).reshape(shape))` with default print options. */
export function formatStr(data: ArrayLike<number>, shape: number[], dtype: PrintDtype): string {
  if (shape.length === 0) {
    // 0-d arrays print as their scalar
    if (isComplexDtype(dtype)) {
      const p = complexParts(data, dtype);
      return complexScalarStr(p.re(0), p.im(0), dtype);
    }
    return scalarStr(elementReader(data, dtype)(0), dtype);
  }
  if (sizeOf(shape) === 0) return '[]';
  return array2string(data, shape, dtype, ' ', '', LINE_WIDTH);
}

export interface ReprOptions {
  /**
   * Where `dtype=` goes when it does not fit on the last line. 'jax' (default) reproduces
   * jax.Array.__repr__, which pads with six spaces on the same line; 'numpy' breaks the line
   * and indents like numpy's array_repr.
   */
  readonly dtypeLayout?: 'jax' | 'numpy';
}

/**
 * JAX's `repr(jax.Array)`, e.g. `Array([0., 1.], dtype=float32)`. The body is numpy's
 * array2string with prefix 'Array(' and suffix ',' (so lines stop at 74 columns).
 */
export function formatRepr(
  data: ArrayLike<number>,
  shape: number[],
  dtype: PrintDtype,
  weakType: boolean,
  options: ReprOptions = {},
): string {
  const prefix = 'Array(';
  const body =
    sizeOf(shape) === 0
      ? `[], shape=${pyTuple(shape)}`
      : array2string(data, shape, dtype, ', ', prefix, LINE_WIDTH - 1);
  const tail = `dtype=${dtype}${weakType ? ', weak_type=True' : ''})`;

  if (options.dtypeLayout === 'numpy') {
    const head = `${prefix}${body},`;
    const lastLine = head.length - (head.lastIndexOf('\n') + 1);
    const sep = lastLine + tail.length + 1 > LINE_WIDTH ? '\n' + ' '.repeat(prefix.length) : ' ';
    return head + sep + tail;
  }
  // jax.Array.__repr__ measures `len(s) - s.rfind('\n') + 1` (the last line plus two, prefix
  // not counted) and, when too long, separates with len(prefix) spaces rather than a newline.
  const lastLineLen = body.length - body.lastIndexOf('\n') + 1;
  const sep = lastLineLen + tail.length + 1 > LINE_WIDTH ? ' '.repeat(prefix.length) : ' ';
  return `${prefix}${body},${sep}${tail}`;
}

/**
 * numpy's `repr(np.asarray(x))`, e.g. `array([0., 1.], dtype=float32)`: the dtype is left out
 * where numpy infers it (float64 and bool; int32 is shown, as numpy's default int is int64).
 */
export function formatNumpyRepr(data: ArrayLike<number>, shape: number[], dtype: PrintDtype): string {
  const r = formatRepr(data, shape, dtype, false, { dtypeLayout: 'numpy' }).replace(/^Array\(/, 'array(');
  // numpy leaves out its default dtypes (float64, complex128, bool).
  return dtype === 'float64' || dtype === 'complex128' || dtype === 'bool' ? r.replace(/,\s*dtype=\w+\)$/, ')') : r;
}
