/**
 * Text formatting of array values, matching numpy 2.x and JAX byte for byte.
 *
 * - `formatStr`   — numpy's `str(np.asarray(x))` under the default print options.
 * - `formatRepr`  — JAX's `repr(jax.Array)`: numpy's body with an `Array(` prefix and
 *                   `dtype=` (and `weak_type=True`) always shown.
 * - `formatScalarSpec` — Python's `format(np.<dtype>(v), spec)`.
 * - `formatPrint` — the `str.format` subset `jax.debug.print` uses, with pluggable values.
 *
 * Everything here is pure and self-contained: no imports from the rest of jaxpool.
 * Float digits follow numpy's Dragon4: shortest round-trip digits for the value's own dtype,
 * and correctly rounded (half-to-even) exact digits wherever a cutoff or a minimum applies.
 */

export type PrintDtype = 'float32' | 'float64' | 'int32' | 'uint8' | 'bool';

// numpy's default print options (np.get_printoptions()).
const PRECISION = 8;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 75;

const isFloatDtype = (dtype: PrintDtype): boolean => dtype === 'float32' || dtype === 'float64';

/** Reads element `i` as the value numpy would hold: float32-rounded, bool as 0/1. */
function elementReader(data: ArrayLike<number>, dtype: PrintDtype): (i: number) => number {
  if (dtype === 'float32') return (i) => Math.fround(data[i]);
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
// Decimal digits of a non-negative finite float
// ---------------------------------------------------------------------------------------------

/** A non-negative decimal `d0.d1d2… × 10^exp`; `digits` has no leading zero (zero is '0'). */
interface Dec {
  readonly digits: string;
  readonly exp: number;
}

const ZERO: Dec = { digits: '0', exp: 0 };

function stripTrailingZeros(d: Dec): Dec {
  const digits = d.digits.replace(/0+$/, '');
  return digits === '' ? ZERO : { digits, exp: d.exp };
}

/** Parses `Number#toExponential` output of a non-negative number ('1.25e-7'). */
function parseExponential(s: string): Dec {
  const e = s.indexOf('e');
  return { digits: s.slice(0, e).replace('.', ''), exp: Number(s.slice(e + 1)) };
}

function decValue(d: Dec): number {
  return Number(`${d.digits}e${d.exp - d.digits.length + 1}`);
}

/** The exact decimal expansion of a double (every double is a finite decimal). */
function exactDigits(x: number): Dec {
  if (x === 0) return ZERO;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const e2 = (biased === 0 ? 1 : biased) - 1075; // x = mantissa × 2^e2
  // m × 2^-k = m × 5^k / 10^k keeps everything integral.
  const int = e2 >= 0 ? mantissa << BigInt(e2) : mantissa * 5n ** BigInt(-e2);
  const s = int.toString();
  return stripTrailingZeros({ digits: s, exp: s.length - 1 - Math.max(0, -e2) });
}

/** '1299' → '1300': adds one unit in the last place of a digit string. */
function incrementDigits(digits: string): string {
  return (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
}

/**
 * Rounds to `n` significant digits, half to even, as Dragon4 does at a cutoff. `n` may be ≤ 0
 * (the cutoff lies before the first digit); with `n` above the length, zeros are appended.
 */
function roundDigits(d: Dec, n: number): Dec {
  const { digits, exp } = d;
  if (n >= digits.length) return { digits: digits.padEnd(n, '0'), exp };
  if (n < 0 || digits === '0') return ZERO;
  const head = digits.slice(0, n);
  const next = digits[n];
  const stickyNonZero = /[1-9]/.test(digits.slice(n + 1));
  const headIsOdd = n > 0 && Number(head[n - 1]) % 2 === 1; // an empty head is 0, which is even
  const roundUp = next > '5' || (next === '5' && (stickyNonZero || headIsOdd));
  if (!roundUp) return n === 0 ? ZERO : { digits: head, exp };
  if (n === 0) return { digits: '1', exp: exp + 1 };
  const bumped = incrementDigits(head);
  return bumped.length > n ? { digits: bumped.slice(0, n), exp: exp + 1 } : { digits: bumped, exp };
}

/** The p-digit decimal one unit in the last place above (+1) or below (-1) `d`. */
function neighbour(d: Dec, step: 1 | -1): Dec {
  const p = d.digits.length;
  if (step === 1) {
    const up = incrementDigits(d.digits);
    return up.length > p ? { digits: up.slice(0, p), exp: d.exp + 1 } : { digits: up, exp: d.exp };
  }
  // Just below 10^k the p-digit grid is ten times finer: 1.00e5 - ulp is 9.99e4.
  if (/^10*$/.test(d.digits)) return { digits: '9'.repeat(p), exp: d.exp - 1 };
  return { digits: (BigInt(d.digits) - 1n).toString().padStart(p, '0'), exp: d.exp };
}

/**
 * The correctly rounded p-digit decimal of `x` (half to even, as Dragon4 rounds).
 * toExponential rounds ties up, so the exact digits are consulted only when a tie is possible.
 */
function nearestDigits(x: number, p: number, exact: () => Dec): Dec {
  const finer = x.toExponential(p); // p + 1 digits: a tie at p digits shows a final 5 here
  if (finer[finer.indexOf('e') - 1] !== '5') return parseExponential(x.toExponential(p - 1));
  return roundDigits(exact(), p);
}

const readsBackAsFloat32 = (d: Dec, x: number): boolean => Math.fround(decValue(d)) === x;

function isPowerOfTwo(x: number): boolean {
  const e = Math.floor(Math.log2(x));
  return x === 2 ** e || x === 2 ** (e + 1); // log2 may be off by one near powers of two
}

/**
 * At a power of two the rounding interval is lopsided (the gap below is half the gap above),
 * so a p-digit neighbour of the nearest decimal may fit when the nearest does not.
 */
function powerOfTwoCandidate(x: number, p: number, exact: () => Dec): Dec | undefined {
  const nearest = nearestDigits(x, p, exact);
  return [nearest, neighbour(nearest, 1), neighbour(nearest, -1)].find((d) => readsBackAsFloat32(d, x));
}

/** Shortest digits that uniquely identify `x` (≥ 0, finite) among values of its dtype. */
function shortestDigits(x: number, dtype: PrintDtype): Dec {
  if (x === 0) return ZERO;
  // JS already prints the shortest round-trip digits of a double (ties to even).
  if (dtype !== 'float32') return stripTrailingZeros(parseExponential(x.toExponential()));
  let exactCache: Dec | undefined;
  const exact = () => (exactCache ??= exactDigits(x));
  if (isPowerOfTwo(x)) {
    for (let p = 1; p < 9; p++) {
      const d = powerOfTwoCandidate(x, p, exact);
      if (d) return stripTrailingZeros(d);
    }
  }
  // Elsewhere fitting is monotonic in p (the nearest p digits are also p + 1 digits), so
  // binary-search the digit count; 9 digits always identify a float32.
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (readsBackAsFloat32(nearestDigits(x, mid, exact), x)) hi = mid;
    else lo = mid + 1;
  }
  return stripTrailingZeros(nearestDigits(x, lo, exact));
}

const fractionLength = (d: Dec): number => Math.max(0, d.digits.length - 1 - d.exp);

/** Dragon4 unique mode with a cutoff of `maxFraction` digits after the decimal point. */
function positionalDigits(x: number, dtype: PrintDtype, maxFraction: number): Dec {
  const shortest = shortestDigits(x, dtype);
  if (fractionLength(shortest) <= maxFraction) return shortest;
  const exact = exactDigits(x);
  return roundDigits(exact, exact.exp + 1 + maxFraction);
}

/** Dragon4 unique mode capped at `maxSignificant` digits (scientific notation). */
function scientificDigits(x: number, dtype: PrintDtype, maxSignificant: number): Dec {
  const shortest = shortestDigits(x, dtype);
  if (shortest.digits.length <= maxSignificant) return shortest;
  return roundDigits(exactDigits(x), maxSignificant);
}

/**
 * Exactly `n` significant digits, as numpy prints with precision = min_digits = n - 1: the
 * shortest digits when they have that length, otherwise the exact value rounded (any extra
 * digits are the value's true digits, e.g. float32 1e-5 prints as 9.9999997e-06).
 */
function scientificDigitsExactly(x: number, dtype: PrintDtype, n: number): Dec {
  const shortest = shortestDigits(x, dtype);
  if (shortest.digits.length === n) return shortest;
  return roundDigits(exactDigits(x), n);
}

// ---------------------------------------------------------------------------------------------
// Rendering digits (numpy's trim / pad_left / pad_right / exp_digits options)
// ---------------------------------------------------------------------------------------------

/** numpy trim modes: 'k' keep, '.' drop zeros keep point, '0' keep one zero, '-' drop both. */
type Trim = 'k' | '.' | '0' | '-';

/** Integer and fraction digits of a decimal: 12.5 → ['12', '5']. */
function positionalParts(d: Dec): [string, string] {
  if (d.exp < 0) return ['0', '0'.repeat(-d.exp - 1) + d.digits];
  return [d.digits.slice(0, d.exp + 1).padEnd(d.exp + 1, '0'), d.digits.slice(d.exp + 1)];
}

function trimFraction(fraction: string, trim: Trim): string {
  if (trim === 'k') return fraction;
  const trimmed = fraction.replace(/0+$/, '');
  return trim === '0' && trimmed === '' ? '0' : trimmed;
}

function renderPositional(negative: boolean, d: Dec, trim: Trim, padLeft = 0, padRight = 0): string {
  const [int, rawFraction] = positionalParts(d);
  const fraction = trimFraction(rawFraction, trim);
  const left = ((negative ? '-' : '') + int).padStart(padLeft);
  if (trim === '-' && fraction === '') return left;
  return `${left}.${fraction.padEnd(padRight)}`;
}

function renderScientific(negative: boolean, d: Dec, trim: Trim, padLeft = 0, expDigits = 2): string {
  const fraction = trimFraction(d.digits.slice(1), trim);
  const left = ((negative ? '-' : '') + d.digits[0]).padStart(padLeft);
  const mantissa = trim === '-' && fraction === '' ? left : `${left}.${fraction}`;
  const exponent = String(Math.abs(d.exp)).padStart(expDigits, '0');
  return `${mantissa}e${d.exp < 0 ? '-' : '+'}${exponent}`;
}

/** numpy prints -0.0 with its sign. */
const isNegative = (x: number): boolean => x < 0 || Object.is(x, -0);

function nonFiniteText(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  return x < 0 ? '-inf' : 'inf';
}

/** str() of a numpy float scalar (also Python's float repr when dtype is float64). */
function floatScalarStr(x: number, dtype: PrintDtype): string {
  if (!Number.isFinite(x)) return nonFiniteText(x);
  const a = Math.abs(x);
  const digits = shortestDigits(a, dtype);
  // numpy switches float32 scalars to exponent form at 1e6, float64 (like Python) at 1e16.
  const upper = dtype === 'float32' ? 1e6 : 1e16;
  if (a === 0 || (a >= 1e-4 && a < upper)) return renderPositional(isNegative(x), digits, '0');
  return renderScientific(isNegative(x), digits, '-');
}

/** str() of a numpy scalar of any supported dtype: what a 0-d array's str() shows. */
function scalarStr(x: number, dtype: PrintDtype): string {
  if (dtype === 'bool') return x ? 'True' : 'False';
  if (!isFloatDtype(dtype)) return String(x);
  return floatScalarStr(x, dtype);
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
  const cast = dtype === 'float32' ? Math.fround : (v: number) => v;
  const cutoff = dtype === 'float32' ? 1e6 : 1e8; // 10 ** min(8, finfo(dtype).precision)
  return max >= cutoff || min < cast(1e-4) || cast(max / min) > 1000;
}

/** numpy's FloatingFormat with floatmode 'maxprec', precision 8, sign '-'. */
function floatFormat(values: readonly number[], dtype: PrintDtype): ElementFormat {
  const finite = values.filter(Number.isFinite);
  let padLeft = 0;
  let padRight = 0;
  let finiteText: ElementFormat = () => '';

  if (finite.length > 0 && needsExponentFormat(finite, dtype)) {
    // First pass at full precision fixes the shared fraction and exponent widths.
    const first = finite.map((v) => stripTrailingZeros(scientificDigits(Math.abs(v), dtype, PRECISION + 1)));
    const precision = maxOf(first, (d) => d.digits.length - 1);
    const expDigits = maxOf(first, (d) => String(Math.abs(d.exp)).length, 2);
    padLeft = maxOf(finite, (v) => (isNegative(v) ? 2 : 1));
    padRight = expDigits + 2 + precision;
    finiteText = (v) =>
      renderScientific(isNegative(v), scientificDigitsExactly(Math.abs(v), dtype, precision + 1), 'k', padLeft, expDigits);
  } else if (finite.length > 0) {
    const parts = finite.map((v) => {
      const [int, fraction] = positionalParts(positionalDigits(Math.abs(v), dtype, PRECISION));
      return [(isNegative(v) ? '-' : '') + int, trimFraction(fraction, '.')];
    });
    padLeft = maxOf(parts, ([int]) => int.length);
    padRight = maxOf(parts, ([, fraction]) => fraction.length);
    finiteText = (v) =>
      renderPositional(isNegative(v), positionalDigits(Math.abs(v), dtype, PRECISION), '.', padLeft, padRight);
  }

  if (finite.length < values.length) {
    // nan/inf are right-aligned in the full field, which may need to grow on the left.
    const negInf = values.some((v) => v === -Infinity) ? 1 : 0;
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + negInf - offset);
  }
  return (x) => (Number.isFinite(x) ? finiteText(x) : nonFiniteText(x).padStart(padLeft + padRight + 1));
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
  read: (i: number) => number,
  shape: readonly number[],
  dtype: PrintDtype,
  separator: string,
  prefix: string,
  lineWidth: number,
): string {
  const summarize = sizeOf(shape) > THRESHOLD;
  const format = elementFormat(displayedValues(read, shape, summarize), dtype, shape.length === 0);
  return formatNested(read, shape, { format, separator, summarize }, lineWidth, ' ' + ' '.repeat(prefix.length));
}

// ---------------------------------------------------------------------------------------------
// Public: str and repr
// ---------------------------------------------------------------------------------------------

/** numpy 2.x `str(np.array(data).reshape(shape))` with default print options. */
export function formatStr(data: ArrayLike<number>, shape: number[], dtype: PrintDtype): string {
  const read = elementReader(data, dtype);
  if (shape.length === 0) return scalarStr(read(0), dtype); // 0-d arrays print as their scalar
  if (sizeOf(shape) === 0) return '[]';
  return array2string(read, shape, dtype, ' ', '', LINE_WIDTH);
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
      : array2string(elementReader(data, dtype), shape, dtype, ', ', prefix, LINE_WIDTH - 1);
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

// ---------------------------------------------------------------------------------------------
// Errors shared by the format-spec and format-string code
// ---------------------------------------------------------------------------------------------

export type PythonErrorType = 'ValueError' | 'IndexError' | 'KeyError' | 'AttributeError';

/** A Python `str.format` / `format()` failure; `pythonType` names the exception Python raises. */
export class FormatError extends Error {
  readonly pythonType: PythonErrorType;
  constructor(pythonType: PythonErrorType, detail: string) {
    super(`${pythonType}: ${detail}`);
    this.name = 'FormatError';
    this.pythonType = pythonType;
  }
}

// ---------------------------------------------------------------------------------------------
// Python format-spec mini-language for one number
// ---------------------------------------------------------------------------------------------

interface Spec {
  readonly fill: string;
  readonly align: '<' | '>' | '=' | '^';
  readonly sign: '+' | '-' | ' ' | ''; // '' when not given (behaves as '-')
  readonly coerceNegativeZero: boolean; // 'z'
  readonly alternate: boolean; // '#'
  readonly width: number;
  readonly grouping: ',' | '_' | '';
  readonly precision: number | undefined;
  readonly type: string;
}

// [[fill]align][sign][z][#][0][width][grouping][.precision][type]
const SPEC_PATTERN = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/;

function parseSpec(spec: string, typeName: string): Spec {
  const m = SPEC_PATTERN.exec(spec);
  if (!m) throw new FormatError('ValueError', `Invalid format specifier '${spec}' for object of type '${typeName}'`);
  const [, fill, align, sign, z, alt, zero, width, grouping, precision, type] = m;
  // A leading '0' means zero fill (unless a fill is given) and sign-aware '=' alignment
  // (unless an alignment is given).
  return {
    fill: fill ?? (zero ? '0' : ' '),
    align: (align ?? (zero ? '=' : '>')) as Spec['align'],
    sign: (sign ?? '') as Spec['sign'],
    coerceNegativeZero: z !== undefined,
    alternate: alt !== undefined,
    width: width === undefined ? 0 : Number(width),
    grouping: (grouping ?? '') as Spec['grouping'],
    precision: precision === undefined ? undefined : Number(precision),
    type: type ?? '',
  };
}

/**
 * Inserts `sep` every `size` digits from the right, zero-extending to `minWidth` characters
 * (CPython's _PyUnicode_InsertThousandsGrouping, which may overshoot by one digit).
 */
function groupDigits(digits: string, size: number, sep: string, minWidth: number): string {
  const groups: string[] = [];
  let remaining = digits.length;
  let width = minWidth;
  for (;;) {
    const len = Math.min(size, Math.max(remaining, width, 1));
    const chars = Math.max(0, Math.min(remaining, len));
    groups.unshift('0'.repeat(len - chars) + digits.slice(remaining - chars, remaining));
    remaining -= chars;
    width -= len;
    if (remaining <= 0 && width <= 0) break;
    width -= sep.length;
  }
  return groups.join(sep);
}

/**
 * Pads `sign + prefix + digits + rest` to the spec's width. `digits` is the run of integer
 * digits that grouping applies to; zero fill with '=' alignment extends those digits.
 */
function applyWidth(spec: Spec, sign: string, prefix: string, digits: string, rest: string, groupSize: number): string {
  const zeroExtend = spec.fill === '0' && spec.align === '=';
  if (spec.grouping !== '' && digits !== '') {
    const minWidth = zeroExtend ? spec.width - sign.length - prefix.length - rest.length : 0;
    digits = groupDigits(digits, groupSize, spec.grouping, minWidth);
  }
  const body = digits + rest;
  const pad = spec.width - sign.length - prefix.length - [...body].length; // counts code points
  if (pad <= 0) return sign + prefix + body;
  const fill = (n: number) => spec.fill.repeat(n);
  switch (spec.align) {
    case '<':
      return sign + prefix + body + fill(pad);
    case '^':
      return fill(Math.floor(pad / 2)) + sign + prefix + body + fill(Math.ceil(pad / 2));
    case '=':
      return sign + prefix + fill(pad) + body;
    default:
      return fill(pad) + sign + prefix + body;
  }
}

function signText(negative: boolean, spec: Spec): string {
  if (negative) return '-';
  return spec.sign === '+' || spec.sign === ' ' ? spec.sign : '';
}

/** Python's 'f': exactly `precision` fraction digits, correctly rounded half to even. */
function fixedText(a: number, precision: number, alternate: boolean): string {
  const exact = exactDigits(a);
  const [int, fraction] = positionalParts(roundDigits(exact, exact.exp + 1 + precision));
  if (precision === 0) return alternate ? `${int}.` : int;
  return `${int}.${fraction.padEnd(precision, '0')}`;
}

/** Python's 'e': one digit, `precision` fraction digits, exponent of at least two digits. */
function exponentText(a: number, precision: number, alternate: boolean): string {
  const d = roundDigits(exactDigits(a), precision + 1);
  return renderScientific(false, d, precision === 0 && !alternate ? '-' : 'k');
}

/**
 * Python's 'g' with `precision` significant digits. `addDotZero` is the no-type variant with a
 * precision: it keeps a '.0' on integral fixed-point results and switches to exponent form
 * one digit earlier.
 */
function generalText(a: number, precision: number, alternate: boolean, addDotZero: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const d = roundDigits(exactDigits(a), p);
  const useExponent = d.exp < -4 || d.exp >= (addDotZero ? p - 1 : p);
  if (useExponent) return renderScientific(false, d, alternate ? 'k' : '-');
  const [int, fraction] = positionalParts(d);
  const kept = alternate ? fraction : fraction.replace(/0+$/, '');
  if (kept !== '') return `${int}.${kept}`;
  if (alternate) return `${int}.`;
  return addDotZero ? `${int}.0` : int;
}

const FLOAT_TYPES = new Set(['e', 'E', 'f', 'F', 'g', 'G', 'n', '%']);
const INT_TYPES = new Set(['b', 'c', 'd', 'o', 'x', 'X', 'n']);

/** The digits-and-point text of |x| for a float presentation type (no sign, no padding). */
function floatBody(a: number, spec: Spec): string {
  const { type, precision, alternate } = spec;
  switch (type) {
    case 'f':
    case 'F':
      return fixedText(a, precision ?? 6, alternate);
    case '%':
      return fixedText(a * 100, precision ?? 6, alternate) + '%';
    case 'e':
    case 'E':
      return exponentText(a, precision ?? 6, alternate).replace('e', type);
    case 'g':
    case 'G':
    case 'n': {
      const text = generalText(a, precision ?? 6, alternate, false);
      return type === 'G' ? text.toUpperCase() : text;
    }
    default: {
      // No type: repr() without a precision, otherwise 'g' that keeps a '.0'.
      if (precision !== undefined) return generalText(a, precision, alternate, true);
      const repr = floatScalarStr(a, 'float64');
      return alternate && !repr.includes('.') ? repr.replace('e', '.e') : repr; // '#' keeps a point
    }
  }
}

function formatFloat(x: number, spec: Spec): string {
  if (spec.type !== '' && !FLOAT_TYPES.has(spec.type)) {
    throw new FormatError('ValueError', `Unknown format code '${spec.type}' for object of type 'float'`);
  }
  if (spec.type === 'n' && spec.grouping !== '') {
    throw new FormatError('ValueError', `Cannot specify '${spec.grouping}' with 'n'.`);
  }
  let negative = isNegative(x) && !Number.isNaN(x);
  let body: string;
  if (Number.isFinite(x)) {
    body = floatBody(Math.abs(x), spec);
    // 'z' drops the sign of a value that rounded to zero.
    if (spec.coerceNegativeZero && !/[1-9]/.test(body.replace(/e.*$/i, ''))) negative = false;
  } else {
    const upper = 'EFG'.includes(spec.type) && spec.type !== '';
    const text = Number.isNaN(x) ? 'nan' : 'inf';
    body = (upper ? text.toUpperCase() : text) + (spec.type === '%' ? '%' : '');
  }
  const intEnd = body.search(/[^0-9]/);
  const digits = intEnd === -1 ? body : body.slice(0, intEnd);
  return applyWidth(spec, signText(negative, spec), '', digits, body.slice(digits.length), 3);
}

/** Python's 'c': the code point, with no sign, '#' or grouping allowed. */
function formatChar(n: number, spec: Spec): string {
  if (spec.sign !== '') throw new FormatError('ValueError', "Sign not allowed with integer format specifier 'c'");
  if (spec.alternate) {
    throw new FormatError('ValueError', "Alternate form (#) not allowed with integer format specifier 'c'");
  }
  if (spec.grouping !== '') throw new FormatError('ValueError', `Cannot specify '${spec.grouping}' with 'c'.`);
  return applyWidth(spec, '', '', '', String.fromCodePoint(n), 3);
}

function formatInteger(n: number, spec: Spec): string {
  const { type } = spec;
  if (spec.precision !== undefined) {
    throw new FormatError('ValueError', 'Precision not allowed in integer format specifier');
  }
  if (spec.coerceNegativeZero) {
    throw new FormatError('ValueError', 'Negative zero coercion (z) not allowed in integer format specifier');
  }
  if (type === 'c') return formatChar(n, spec);
  const radix = type === 'b' ? 2 : type === 'o' ? 8 : type === 'x' || type === 'X' ? 16 : 10;
  if (radix !== 10 && spec.grouping === ',') {
    throw new FormatError('ValueError', `Cannot specify ',' with '${type}'.`);
  }
  if (type === 'n' && spec.grouping !== '') {
    throw new FormatError('ValueError', `Cannot specify '${spec.grouping}' with 'n'.`);
  }
  let digits = Math.abs(n).toString(radix);
  if (type === 'X') digits = digits.toUpperCase();
  const prefix = spec.alternate && radix !== 10 ? '0' + type : '';
  return applyWidth(spec, signText(n < 0, spec), prefix, digits, '', radix === 10 ? 3 : 4);
}

/**
 * Python's `format(np.<dtype>(value), spec)`, as numpy 2.x defines it: the scalar is turned into
 * a Python float/int/bool first, so float32 0.1 with spec '' gives '0.10000000149011612'
 * (Python's repr of the widened double) and '.3f' gives '0.100'. A bool with a non-empty spec
 * formats as the int 0/1, as Python does.
 */
export function formatScalarSpec(value: number, dtype: PrintDtype, spec: string): string {
  const x = elementReader([value], dtype)(0);
  if (spec === '') {
    if (dtype === 'bool') return x ? 'True' : 'False';
    return isFloatDtype(dtype) ? floatScalarStr(x, 'float64') : String(x);
  }
  const typeName = isFloatDtype(dtype) ? 'float' : dtype === 'bool' ? 'bool' : 'int';
  const parsed = parseSpec(spec, typeName);
  if (isFloatDtype(dtype)) return formatFloat(x, parsed);
  // Python formats an int with a float presentation type as float(int); 'n' stays integral.
  if (FLOAT_TYPES.has(parsed.type) && !INT_TYPES.has(parsed.type)) return formatFloat(x, parsed);
  if (parsed.type !== '' && !INT_TYPES.has(parsed.type)) {
    throw new FormatError('ValueError', `Unknown format code '${parsed.type}' for object of type '${typeName}'`);
  }
  return formatInteger(x, parsed);
}

// ---------------------------------------------------------------------------------------------
// Python str.format for jax.debug.print
// ---------------------------------------------------------------------------------------------

interface FieldState {
  nextAuto: number;
  numbering: 'unset' | 'auto' | 'manual';
}

/** Index of the '}' closing a field that opens just before `start` (braces nest in specs). */
function fieldEnd(template: string, start: number): number {
  let depth = 1;
  for (let i = start; i < template.length; i++) {
    if (template[i] === '{') depth++;
    else if (template[i] === '}' && --depth === 0) return i;
  }
  throw new FormatError('ValueError', "expected '}' before end of string");
}

/** Splits 'name[0].x!r:>8' into name part, conversion and spec; brackets may hold ':' and '!'. */
function splitField(field: string): { name: string; conversion: string | undefined; spec: string } {
  let i = 0;
  while (i < field.length && field[i] !== ':' && field[i] !== '!') {
    if (field[i] === '{') throw new FormatError('ValueError', "unexpected '{' in field name");
    if (field[i] === '[') while (i < field.length && field[i] !== ']') i++;
    i++;
  }
  const name = field.slice(0, i);
  if (field[i] !== '!') return { name, conversion: undefined, spec: field.slice(i + 1) };
  if (i + 1 >= field.length) throw new FormatError('ValueError', "unmatched '{' in format spec");
  const conversion = field[i + 1];
  if (i + 2 < field.length && field[i + 2] !== ':') {
    throw new FormatError('ValueError', "expected ':' after conversion specifier");
  }
  return { name, conversion, spec: field.slice(i + 3) };
}

function pyRepr(key: string | number): string {
  return typeof key === 'number' ? String(key) : `'${key}'`;
}

function typeNameOf(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** Python's `obj[key]` for JS arrays and plain objects. */
function getItem(obj: unknown, key: string | number): unknown {
  if (obj !== null && obj !== undefined && key in Object(obj)) return (obj as Record<string | number, unknown>)[key];
  if (Array.isArray(obj) && typeof key === 'number') throw new FormatError('IndexError', 'list index out of range');
  throw new FormatError('KeyError', pyRepr(key));
}

function getAttribute(obj: unknown, name: string): unknown {
  if (obj !== null && obj !== undefined && name in Object(obj)) return (obj as Record<string, unknown>)[name];
  throw new FormatError('AttributeError', `'${typeNameOf(obj)}' object has no attribute '${name}'`);
}

/** Resolves `first(.attr|[key])*` against the call's arguments, tracking auto-numbering. */
function lookupField(
  name: string,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  state: FieldState,
): unknown {
  const firstEnd = name.search(/[.[]/);
  const first = firstEnd === -1 ? name : name.slice(0, firstEnd);
  let value: unknown;
  if (first === '' || /^\d+$/.test(first)) {
    const mode = first === '' ? 'auto' : 'manual';
    if (state.numbering !== 'unset' && state.numbering !== mode) {
      throw new FormatError(
        'ValueError',
        mode === 'auto'
          ? 'cannot switch from manual field specification to automatic field numbering'
          : 'cannot switch from automatic field numbering to manual field specification',
      );
    }
    state.numbering = mode;
    const index = first === '' ? state.nextAuto++ : Number(first);
    if (index >= args.length) {
      throw new FormatError('IndexError', `Replacement index ${index} out of range for positional args tuple`);
    }
    value = args[index];
  } else {
    if (!Object.prototype.hasOwnProperty.call(kwargs, first)) throw new FormatError('KeyError', pyRepr(first));
    value = kwargs[first];
  }
  return firstEnd === -1 ? value : resolveAccessors(value, name.slice(firstEnd));
}

/** Applies '.attr' and '[key]' accessors (a numeric key indexes, as in Python). */
function resolveAccessors(value: unknown, rest: string): unknown {
  const accessor = /^(?:\.([^.[]*)|\[([^\]]*)\])/;
  while (rest !== '') {
    const m = accessor.exec(rest);
    if (!m) {
      const message = rest.startsWith('[') ? "Missing ']' in format string" : "Only '.' or '[' may follow ']' in format field specifier";
      throw new FormatError('ValueError', message);
    }
    if (m[1] !== undefined) {
      if (m[1] === '') throw new FormatError('ValueError', 'Empty attribute in format string');
      value = getAttribute(value, m[1]);
    } else {
      const key = m[2];
      if (key === '') throw new FormatError('ValueError', 'Empty attribute in format string');
      value = getItem(value, /^\d+$/.test(key) ? Number(key) : key);
    }
    rest = rest.slice(m[0].length);
  }
  return value;
}

/**
 * Python's `fmt.format(*args, **kwargs)` for jax.debug.print: `{}`, `{0}`, `{name}`, `{x[0].y}`,
 * `{:spec}` (specs may nest one level of fields, e.g. `{:{width}}`), and `{{`/`}}` escapes.
 * Each value is rendered by `fmtValue(value, spec)`, spec '' when absent. Conversions (`!r`)
 * are rejected since values are always formatted through `fmtValue`. Errors are FormatError
 * carrying Python's exception type and message.
 */
export function formatPrint(
  fmt: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  fmtValue: (v: unknown, spec: string) => string,
): string {
  const state: FieldState = { nextAuto: 0, numbering: 'unset' };

  const render = (template: string, depth: number): string => {
    if (depth <= 0) throw new FormatError('ValueError', 'Max string recursion exceeded');
    let out = '';
    let i = 0;
    while (i < template.length) {
      const c = template[i];
      if ((c === '{' || c === '}') && template[i + 1] === c) {
        out += c; // '{{' and '}}' are literal braces
        i += 2;
      } else if (c === '}') {
        throw new FormatError('ValueError', "Single '}' encountered in format string");
      } else if (c === '{') {
        if (i + 1 >= template.length) throw new FormatError('ValueError', "Single '{' encountered in format string");
        const end = fieldEnd(template, i + 1);
        const { name, conversion, spec } = splitField(template.slice(i + 1, end));
        const value = lookupField(name, args, kwargs, state);
        if (conversion !== undefined) {
          if (!'rsa'.includes(conversion)) throw new FormatError('ValueError', `Unknown conversion specifier ${conversion}`);
          throw new FormatError('ValueError', `conversion '!${conversion}' is not supported by jax.debug.print formatting`);
        }
        // Only a spec holding fields is expanded (and counts towards Python's depth limit).
        out += fmtValue(value, spec.includes('{') ? render(spec, depth - 1) : spec);
        i = end + 1;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };

  return render(fmt, 2);
}
