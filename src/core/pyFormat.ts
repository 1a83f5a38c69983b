// Python's format mini-language for jax.debug.print: `format(np.<dtype>(v), spec)` for one number
// (formatScalarSpec) and the `str.format` subset debug.print uses, with pluggable value rendering
// (formatPrint). Errors are FormatError carrying Python's exception type and message.
import {
  exactDigits,
  floatScalarStr,
  isFloatDtype,
  isNegative,
  positionalParts,
  type PrintDtype,
  renderScientific,
  roundDigits,
} from './floatDigits.js';
import { elementReader } from './printing.js';

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

/**
 * Python's `format(complex(re, im), spec)` (numpy turns a complex scalar into a Python complex):
 * with a presentation type each part is formatted as a float, the imaginary one always signed and
 * followed by 'j' (`1.000+2.000j`); without one, Python's repr (`(1+2j)`, `2j`) in 'g' style when
 * a precision is given. Width and alignment apply to the whole.
 */
export function formatComplexSpec(re: number, im: number, spec: string): string {
  const s = parseSpec(spec, 'complex');
  if (s.type === '%' || (s.type !== '' && !FLOAT_TYPES.has(s.type))) throw new FormatError('ValueError', `Unknown format code '${s.type}' for object of type 'complex'`);
  if (SPEC_PATTERN.exec(spec)![6]) throw new FormatError('ValueError', 'Zero padding is not allowed in complex format specifier');
  if (s.align === '=') throw new FormatError('ValueError', "'=' alignment flag is not allowed in complex format specifier");
  const part: Spec = { ...s, fill: ' ', align: '>', width: 0 };
  if (s.type !== '') {
    const body = formatFloat(re, part) + formatFloat(im, { ...part, sign: '+' }) + 'j';
    return applyWidth(s, '', '', '', body, 3);
  }
  // Python's repr style: no '.0' on integral parts, the real part left out when it is +0.
  const text = (x: number, sign: Spec['sign']) => {
    if (!Number.isFinite(x)) return formatFloat(x, { ...part, sign });
    const body = s.precision === undefined ? floatScalarStr(Math.abs(x), 'float64').replace(/\.0$/, '') : generalText(Math.abs(x), s.precision, s.alternate, false);
    return signText(isNegative(x), { ...part, sign }) + body;
  };
  const skipRe = re === 0 && !Object.is(re, -0);
  const body = skipRe ? `${text(im, s.sign)}j` : `(${text(re, s.sign)}${text(im, '+')}j)`;
  return applyWidth(s, '', '', '', body, 3);
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
