// NumPy's 0-d arrays for host callbacks. numjs has none: its NdArray of shape [] gives `[]` from
// tolist(), `[undefined]` from flatten() and `array([])` as a string, so SciPy-style host code
// (`v.flatten().tolist()`) computes NaN. A shape-[] callback argument is an NdArray0d instead: a
// numjs NdArray (numjs-style code uses it unchanged) whose methods behave as on numpy's 0-d array.
import { inspect } from 'node:util';
import type { NdArray } from '@d4c/numjs';
import { lazyClass, numjs, type NdArrayClass } from './numjs.js';
import type { PrintDtype } from '../core/printing.js';
import { formatNumpyRepr, formatStr } from '../core/printing.js';
import { ShapeError } from '../core/errors.js';

type Operand = Parameters<NdArray['add']>[0];
type Binary = 'add' | 'subtract' | 'multiply' | 'divide' | 'pow' | 'mod';
/** Elements as numjs keeps them: a typed array or (after ops on JS arrays) a plain array. */
type Data = ArrayLike<number> & { constructor: new (n: number) => ArrayLike<number> & { fill(v: number): ArrayLike<number> } };

function printDtypeOf(a: NdArray): PrintDtype {
  const d = a.dtype as string;
  return d === 'float32' || d === 'int32' || d === 'uint8' ? d : 'float64';
}

/** numpy's 0-d array class over numjs's NdArray (made when numjs loads: see numjs.ts). */
function define(Base: NdArrayClass): NdArray0dConstructor {
  /** numpy's 0-d array as a numjs NdArray: `shape` [], `tolist()` the number, arithmetic broadcasts. */
  return class NdArray0d extends Base {
    /** How str() prints the value (a bool argument arrives as uint8 data but prints True/False). */
    readonly #printAs: PrintDtype;

    /** A 0-d array over element 0 of `data` (a view: writes go to `data`). */
    constructor(data: ArrayLike<number> | NdArray['selection'], printAs?: PrintDtype) {
      if (ArrayBuffer.isView(data) || globalThis.Array.isArray(data)) super(data as ArrayLike<number> as never, []);
      else super(data as NdArray['selection']);
      this.#printAs = printAs ?? printDtypeOf(this);
    }

    /** The element (numpy's `a.item()`; also what `+a`, `a * 2` in JS and `a.tolist()` give). */
    item(): number {
      return this.selection.get() as number;
    }

    /** The number itself, as numpy's 0-d `tolist()` (typed so it works as a number). */
    override tolist(): ReturnType<NdArray['tolist']> & number {
      return this.item() as ReturnType<NdArray['tolist']> & number;
    }

    /** The number, so `+v`, `v * 2` and comparisons work as with numpy's 0-d arrays. */
    override valueOf(): ReturnType<NdArray['tolist']> & number {
      return this.tolist();
    }

    /** A 1-element copy, as numpy's flatten. */
    override flatten(): NdArray {
      return new Base(filledLike(this.selection.data, 1, this.item()) as never, [1]);
    }

    /** numpy's str() of a 0-d array: the value alone ('2.5', 'True'). */
    override toString(): string {
      return formatStr([this.item()], [], this.#printAs);
    }

    override toJSON(): string {
      return JSON.stringify(this.item());
    }

    /** numpy's `repr` of a 0-d array (`array(2.5)`), for console.log and util.inspect. */
    override [inspect.custom](): string {
      return formatNumpyRepr([this.item()], [], this.#printAs);
    }

    override clone(): NdArray0d {
      return new NdArray0d(super.clone().selection, this.#printAs);
    }

    override reshape(...shape: number[] | [number[]]): NdArray {
      const s = (globalThis.Array.isArray(shape[0]) ? shape[0] : shape) as number[];
      if (s.length === 0) return this.clone();
      // numjs's reshape of a 0-d view keeps its offset only on some paths: go through the value.
      return this.flatten().reshape(s);
    }

    override transpose(): NdArray0d {
      return this.clone();
    }

    override exp(copy = true): NdArray0d {
      return this.#unary((a) => Math.exp(a), copy);
    }
    override log(copy = true): NdArray0d {
      return this.#unary((a) => Math.log(a), copy);
    }
    override sqrt(copy = true): NdArray0d {
      return this.#unary((a) => Math.sqrt(a), copy);
    }
    override round(copy = true): NdArray0d {
      return this.#unary((a) => Math.round(a), copy);
    }
    override negative(): NdArray0d {
      return this.#unary((a) => -a, true);
    }

    override add(x: Operand, copy = true): NdArray {
      return this.#binary('add', x, copy);
    }
    override subtract(x: Operand, copy = true): NdArray {
      return this.#binary('subtract', x, copy);
    }
    override multiply(x: Operand, copy = true): NdArray {
      return this.#binary('multiply', x, copy);
    }
    override divide(x: Operand, copy = true): NdArray {
      return this.#binary('divide', x, copy);
    }
    override pow(x: Operand, copy = true): NdArray {
      return this.#binary('pow', x, copy);
    }
    override mod(x: Operand, copy = true): NdArray {
      return this.#binary('mod', x, copy);
    }

    /** Apply `f` to the value, into a copy or (copy false) in place; stored as the data's type rounds it. */
    #unary(f: (a: number) => number, copy: boolean): NdArray0d {
      const out = copy ? this.clone() : this;
      out.selection.set(f(out.item()));
      return out;
    }

    /**
     * numpy's `a op x` for a 0-d `a`: a number or another 0-d operand gives a 0-d result; an array
     * operand broadcasts `a` to its shape (numjs itself only combines equal shapes).
     */
    #binary(op: Binary, x: Operand, copy: boolean): NdArray {
      const other = typeof x === 'number' ? null : Base.new(x);
      if (other === null || other.shape.length === 0) {
        const v = other === null ? (x as number) : (other.selection.get() as number);
        return new NdArray0d(Base.prototype[op].call(this, v, copy).selection, this.#printAs);
      }
      if (!copy)
        throw new ShapeError(
          `in-place ${op} of a 0-d array with an array of shape [${other.shape.join(', ')}] cannot store the broadcast result (numpy: non-broadcastable output); use a copy (omit the copy argument).`,
        );
      return new Base(filledLike(this.selection.data, other.size, this.item()) as never, [...other.shape])[op](other);
    }
  };
}

/** numpy's 0-d array as a numjs NdArray: `shape` [], `tolist()` the number, arithmetic broadcasts. */
export interface NdArray0d extends NdArray {
  /** The element (numpy's `a.item()`). */
  item(): number;
  /** The number itself, as numpy's 0-d `tolist()`. */
  tolist(): ReturnType<NdArray['tolist']> & number;
  /** The number, so `+v` and `v * 2` work. */
  valueOf(): ReturnType<NdArray['tolist']> & number;
  /** A 0-d copy. */
  clone(): NdArray0d;
  /** Itself, copied (a 0-d array has no axes to permute). */
  transpose(): NdArray0d;
  /** e^v, into a copy or (copy false) in place. */
  exp(copy?: boolean): NdArray0d;
  /** ln v, into a copy or (copy false) in place. */
  log(copy?: boolean): NdArray0d;
  /** √v, into a copy or (copy false) in place. */
  sqrt(copy?: boolean): NdArray0d;
  /** v rounded, into a copy or (copy false) in place. */
  round(copy?: boolean): NdArray0d;
  /** -v, as a copy. */
  negative(): NdArray0d;
}
/** NdArray0d's constructor: a 0-d array over element 0 of `data` (a view: writes go to `data`). */
export interface NdArray0dConstructor {
  new (data: ArrayLike<number> | NdArray['selection'], printAs?: PrintDtype): NdArray0d;
  readonly prototype: NdArray0d;
}

let made: NdArray0dConstructor | undefined;
/** The NdArray0d class (numjs loads on first use). */
export const NdArray0d: NdArray0dConstructor = lazyClass(() => (made ??= define(numjs().NdArray)));

/** `n` copies of `v` in an array of the same kind as `data` (typed, or plain). */
function filledLike(data: unknown, n: number, v: number): ArrayLike<number> {
  return new (data as Data).constructor(n).fill(v);
}
