// Decimal digits of floats as numpy prints them (its Dragon4): shortest round-trip digits for the
// value's own dtype, correctly rounded (half-to-even) exact digits wherever a cutoff or a minimum
// applies, rendered positionally or in scientific form; and str() of numpy scalars.
// Pure: no imports from the rest of jaxpool but float16 rounding.
import { float16Round } from './float16.js';

/** The dtype names printing distinguishes. */
export type PrintDtype = 'float16' | 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32' | 'bool' | 'complex64' | 'complex128';

/** Whether a dtype prints as complex numbers (interleaved real and imaginary parts). */
export const isComplexDtype = (dtype: PrintDtype): dtype is 'complex64' | 'complex128' => dtype === 'complex64' || dtype === 'complex128';

/** Whether a dtype prints as floats. */
export const isFloatDtype = (dtype: PrintDtype): boolean => dtype === 'float16' || dtype === 'float32' || dtype === 'float64';

/** Rounding to a float dtype narrower than float64 (identity for float64): the values it holds. */
export const roundTo = (dtype: PrintDtype): ((x: number) => number) => (dtype === 'float32' ? Math.fround : dtype === 'float16' ? float16Round : (x) => x);

/** numpy switches to exponent form at 10 ** min(8, finfo(dtype).precision): 1e3, 1e6, 1e8. */
export const exponentCutoff = (dtype: PrintDtype): number => (dtype === 'float16' ? 1e3 : dtype === 'float32' ? 1e6 : 1e8);

// ---------------------------------------------------------------------------------------------
// Decimal digits of a non-negative finite float
// ---------------------------------------------------------------------------------------------

/** A non-negative decimal `d0.d1d2… × 10^exp`; `digits` has no leading zero (zero is '0'). */
export interface Dec {
  readonly digits: string;
  readonly exp: number;
}

const ZERO: Dec = { digits: '0', exp: 0 };

export function stripTrailingZeros(d: Dec): Dec {
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
export function exactDigits(x: number): Dec {
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
export function roundDigits(d: Dec, n: number): Dec {
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

const readsBack = (d: Dec, x: number, round: (v: number) => number): boolean => round(decValue(d)) === x;

function isPowerOfTwo(x: number): boolean {
  const e = Math.floor(Math.log2(x));
  return x === 2 ** e || x === 2 ** (e + 1); // log2 may be off by one near powers of two
}

/**
 * At a power of two the rounding interval is lopsided (the gap below is half the gap above),
 * so a p-digit neighbour of the nearest decimal may fit when the nearest does not.
 */
function powerOfTwoCandidate(x: number, p: number, exact: () => Dec, round: (v: number) => number): Dec | undefined {
  const nearest = nearestDigits(x, p, exact);
  return [nearest, neighbour(nearest, 1), neighbour(nearest, -1)].find((d) => readsBack(d, x, round));
}

/** Shortest digits that uniquely identify `x` (≥ 0, finite) among values of its dtype. */
export function shortestDigits(x: number, dtype: PrintDtype): Dec {
  if (x === 0) return ZERO;
  // JS already prints the shortest round-trip digits of a double (ties to even).
  if (dtype !== 'float32' && dtype !== 'float16') return stripTrailingZeros(parseExponential(x.toExponential()));
  const round = roundTo(dtype);
  let exactCache: Dec | undefined;
  const exact = () => (exactCache ??= exactDigits(x));
  if (isPowerOfTwo(x)) {
    for (let p = 1; p < 9; p++) {
      const d = powerOfTwoCandidate(x, p, exact, round);
      if (d) return stripTrailingZeros(d);
    }
  }
  // Elsewhere fitting is monotonic in p (the nearest p digits are also p + 1 digits), so
  // binary-search the digit count; 9 digits always identify a float32 (5 a float16).
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (readsBack(nearestDigits(x, mid, exact), x, round)) hi = mid;
    else lo = mid + 1;
  }
  return stripTrailingZeros(nearestDigits(x, lo, exact));
}

export const fractionLength = (d: Dec): number => Math.max(0, d.digits.length - 1 - d.exp);

/** Dragon4 unique mode with a cutoff of `maxFraction` digits after the decimal point. */
export function positionalDigits(x: number, dtype: PrintDtype, maxFraction: number): Dec {
  const shortest = shortestDigits(x, dtype);
  if (fractionLength(shortest) <= maxFraction) return shortest;
  const exact = exactDigits(x);
  return roundDigits(exact, exact.exp + 1 + maxFraction);
}

/** Dragon4 unique mode capped at `maxSignificant` digits (scientific notation). */
export function scientificDigits(x: number, dtype: PrintDtype, maxSignificant: number): Dec {
  const shortest = shortestDigits(x, dtype);
  if (shortest.digits.length <= maxSignificant) return shortest;
  return roundDigits(exactDigits(x), maxSignificant);
}

/**
 * Exactly `n` significant digits, as numpy prints with precision = min_digits = n - 1: the
 * shortest digits when they have that length, otherwise the exact value rounded (any extra
 * digits are the value's true digits, e.g. float32 1e-5 prints as 9.9999997e-06).
 */
export function scientificDigitsExactly(x: number, dtype: PrintDtype, n: number): Dec {
  const shortest = shortestDigits(x, dtype);
  if (shortest.digits.length === n) return shortest;
  return roundDigits(exactDigits(x), n);
}

// ---------------------------------------------------------------------------------------------
// Rendering digits (numpy's trim / pad_left / pad_right / exp_digits options)
// ---------------------------------------------------------------------------------------------

/** numpy trim modes: 'k' keep, '.' drop zeros keep point, '0' keep one zero, '-' drop both. */
export type Trim = 'k' | '.' | '0' | '-';

/** Integer and fraction digits of a decimal: 12.5 → ['12', '5']. */
export function positionalParts(d: Dec): [string, string] {
  if (d.exp < 0) return ['0', '0'.repeat(-d.exp - 1) + d.digits];
  return [d.digits.slice(0, d.exp + 1).padEnd(d.exp + 1, '0'), d.digits.slice(d.exp + 1)];
}

export function trimFraction(fraction: string, trim: Trim): string {
  if (trim === 'k') return fraction;
  const trimmed = fraction.replace(/0+$/, '');
  return trim === '0' && trimmed === '' ? '0' : trimmed;
}

export function renderPositional(negative: boolean, d: Dec, trim: Trim, padLeft = 0, padRight = 0): string {
  const [int, rawFraction] = positionalParts(d);
  const fraction = trimFraction(rawFraction, trim);
  const left = ((negative ? '-' : '') + int).padStart(padLeft);
  if (trim === '-' && fraction === '') return left;
  return `${left}.${fraction.padEnd(padRight)}`;
}

export function renderScientific(negative: boolean, d: Dec, trim: Trim, padLeft = 0, expDigits = 2): string {
  const fraction = trimFraction(d.digits.slice(1), trim);
  const left = ((negative ? '-' : '') + d.digits[0]).padStart(padLeft);
  const mantissa = trim === '-' && fraction === '' ? left : `${left}.${fraction}`;
  const exponent = String(Math.abs(d.exp)).padStart(expDigits, '0');
  return `${mantissa}e${d.exp < 0 ? '-' : '+'}${exponent}`;
}

/** numpy prints -0.0 with its sign. */
export const isNegative = (x: number): boolean => x < 0 || Object.is(x, -0);

export function nonFiniteText(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  return x < 0 ? '-inf' : 'inf';
}

/** str() of a numpy float scalar (also Python's float repr when dtype is float64). */
export function floatScalarStr(x: number, dtype: PrintDtype): string {
  if (!Number.isFinite(x)) return nonFiniteText(x);
  const a = Math.abs(x);
  const digits = shortestDigits(a, dtype);
  // numpy switches float16/float32 scalars to exponent form at 1e3/1e6, float64 (like Python) at 1e16.
  const upper = dtype === 'float64' ? 1e16 : exponentCutoff(dtype);
  if (a === 0 || (a >= 1e-4 && a < upper)) return renderPositional(isNegative(x), digits, '0');
  return renderScientific(isNegative(x), digits, '-');
}

/** str() of a numpy scalar of any supported dtype: what a 0-d array's str() shows. */
export function scalarStr(x: number, dtype: PrintDtype): string {
  if (dtype === 'bool') return x ? 'True' : 'False';
  if (!isFloatDtype(dtype)) return String(x);
  return floatScalarStr(x, dtype);
}

/** One part of a complex scalar as numpy's str shows it: shortest digits, no trailing '.0'; `plus` signs it. */
function complexPartStr(x: number, dtype: PrintDtype, plus: boolean): string {
  if (!Number.isFinite(x)) return (plus && !(x < 0) ? '+' : '') + nonFiniteText(x);
  const a = Math.abs(x);
  const digits = shortestDigits(a, dtype);
  const upper = dtype === 'float64' ? 1e16 : exponentCutoff(dtype);
  const neg = isNegative(x);
  const text = a === 0 || (a >= 1e-4 && a < upper) ? renderPositional(neg, digits, '-') : renderScientific(neg, digits, '-');
  return plus && !neg ? '+' + text : text;
}

/** str() of a numpy complex scalar: `(1+2j)`, or `2j` when the real part is +0. */
export function complexScalarStr(re: number, im: number, dtype: 'complex64' | 'complex128'): string {
  const part = dtype === 'complex64' ? 'float32' : 'float64';
  if (re === 0 && !Object.is(re, -0)) return `${complexPartStr(im, part, false)}j`;
  return `(${complexPartStr(re, part, false)}${complexPartStr(im, part, true)}j)`;
}
