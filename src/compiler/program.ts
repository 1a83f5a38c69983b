// The worker-side program ABI shared by the compiler and the runtime:
//   new Function('rt', source)(rt) -> run(args)
//   args = [input byte offsets..., output byte offsets..., scratch base byte offset, LO, HI, PART, NPARTS]
//   (LO/HI: the range of a splittable program, see CompiledProgram.splitSize; PART of NPARTS: which
//   part this launch is, for split reductions)
// `rt` provides heap views (rt.f32, rt.f64, rt.i32, rt.u8), the heap itself (rt.memory, for WASM
// kernels) and rt.callHost.
import { IMPORT_JS } from './wasm/encode.js';
/** A compiled program: JS source parts for the worker, its launch shape and how it may be split. */
export interface CompiledProgram {
  /** Statements run once per device when the program is loaded (index tables, constants). */
  prelude: string[];
  /** The body of run(args). */
  body: string;
  numInputs: number;
  numOutputs: number;
  scratchBytes: number;
  /** Where each jaxpr output comes from: a written output buffer, an input passed through, or a literal. */
  outputs: OutputSpec[];
  /**
   * Set when the program may run as ranges [LO, HI) of this many elements: the elements of an
   * elementwise program, or the reduced positions of a split reduction (see splitReduce).
   */
  splitSize?: number;
  /** Element operations of the whole program, when that is not splitSize (a row-split kernel). */
  splitWork?: number;
  /**
   * A merged row program (rows.ts: every write stays in its row, no set-up outside the row loop):
   * it runs in chunks of rows that its parts take as they go, and a finished range of rows is a
   * finished byte range of each output whose size is a multiple of splitSize, so a read may copy
   * it out while the rest compute.
   */
  rowOutputs?: boolean;
  /**
   * Set when the program is one large reduction (then anything on its result): each part reduces
   * its range into a block of partial accumulators; the last part to finish combines the blocks
   * and runs the rest. Scratch ends with the int32 count of finished parts (at byte `counter`,
   * zeroed before a split launch) and the blocks: scratchBytes covers part 0's, each further
   * part needs `partBytes` more.
   */
  splitReduce?: { counter: number; partBytes: number };
}

/** Programs over this many elements (an elementwise program's outputs, a reduction's operand) are split across idle devices. */
export const SPLIT_THRESHOLD = 1 << 17;

/** Where a jaxpr output comes from. */
export type OutputSpec = { kind: 'buffer'; index: number } | { kind: 'input'; index: number } | { kind: 'literal'; value: number };

// Math helpers generated code may call by name; defined in every program's prelude. Float→int
// casts truncate and saturate, NaN → 0 (XLA on CPU); integer x / 0 is -1 and x % 0 is x (XLA's semantics).
const helpers = `
function roundHalfEven(x) { const r = Math.round(x); return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; }
function fmax(a, b) { return a !== a || b !== b ? NaN : a > b ? a : b; }
function fmin(a, b) { return a !== a || b !== b ? NaN : a < b ? a : b; }
function idiv(a, b) { return b === 0 ? -1 : (a / b) | 0; }
function irem(a, b) { return b === 0 ? a : (a % b) | 0; }
function toI32(x) { return x >= 2147483647 ? 2147483647 : x <= -2147483648 ? -2147483648 : x | 0; }
function toU8(x) { return x >= 255 ? 255 : x > 0 ? x | 0 : 0; }
function shl32(x, y) { return y >>> 0 >= 32 ? 0 : x << y; }
function sar32(x, y) { return x >> (y >>> 0 >= 32 ? 31 : y); }
function shr32(x, y) { return y >>> 0 >= 32 ? 0 : (x >>> y) | 0; }
function shl8(x, y) { return y >= 8 ? 0 : (x << y) & 255; }
function sar8(x, y) { return ((x << 24) >> (24 + (y >= 8 ? 7 : y))) & 255; }
function shr8(x, y) { return y >= 8 ? 0 : x >>> y; }
function popcnt32(x) { x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24); }
const powC = ${IMPORT_JS.pow};
const nextafter32 = ${IMPORT_JS.nextafter32};
const nextafter64 = ${IMPORT_JS.nextafter64};`;

/** The full factory source for `new Function('rt', source)`. */
export function programSource(p: CompiledProgram): string {
  return `"use strict";${helpers}\n${p.prelude.join('\n')}\nreturn function run(args) {\n${p.body}\n};`;
}
