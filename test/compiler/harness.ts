// Run kernel IR in this thread, with either backend, on buffers in a local shared memory: what
// the renderer tests compare against their references (laneLoop: one SIMD function over an array).
import { type DType, float16, float32, storageArrayClass, type TypedArrayOf } from '../../src/core/dtypes.js';
import { decodeFloat16, encodeFloat16 } from '../../src/core/float16.js';
import { alu, Buf, load } from '../../src/ir/exp.js';
import { Builder, type Stmt } from '../../src/ir/kernel.js';
import { renderJs, VIEW_DECLS } from '../../src/compiler/render/js.js';
import { renderWasm } from '../../src/compiler/render/wasm.js';
import { programSource } from '../../src/compiler/program.js';
import { instantiateRun } from '../../src/compiler/wasm/encode.js';

export type Backend = 'js' | 'wasm';

function heap(bytes: number) {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((bytes + 1024) / 65536), maximum: 4096, shared: true });
  const b = memory.buffer as SharedArrayBuffer;
  return {
    memory,
    f32: new Float32Array(b),
    f64: new Float64Array(b),
    i8: new Int8Array(b),
    i16: new Int16Array(b),
    i32: new Int32Array(b),
    u8: new Uint8Array(b),
    u16: new Uint16Array(b),
    u32: new Uint32Array(b),
    callHost: () => {},
  };
}

/**
 * Run `stmts` with `bufs` placed in a fresh heap, `init[k]` copied into `bufs[k]` first; the
 * contents of every buffer afterwards. Null when the backend does not render the kernel.
 */
export function runKernel(backend: Backend, stmts: readonly Stmt[], bufs: readonly Buf[], init: readonly (ArrayLike<number> | undefined)[] = []): TypedArrayOf[] | null {
  const offsets: number[] = [];
  let top = 8;
  for (const b of bufs) {
    offsets.push(top);
    top += Math.ceil((b.size * b.dtype.itemsize) / 8) * 8 + 8;
  }
  const rt = heap(top);
  const view = (b: Buf, k: number) => viewAt(rt.memory.buffer as SharedArrayBuffer, b.dtype, offsets[k]!, b.size);
  bufs.forEach((b, k) => {
    const src = init[k];
    if (src && b.dtype === float16) encodeFloat16(src, view(b, k) as Uint16Array);
    else if (src) view(b, k).set(Array.from(src));
  });
  const args = offsets;
  if (backend === 'js') {
    const js = renderJs(stmts, (b) => `args[${bufs.indexOf(b)}]`, new Map());
    const body = [`let ${VIEW_DECLS};`, ...js.decls, ...js.body].join('\n');
    const run = new Function('rt', programSource({ prelude: js.prelude, body, numInputs: 0, numOutputs: 0, scratchBytes: 0, outputs: [] }))(rt) as (a: number[]) => void;
    run(args);
  } else {
    const code = renderWasm(stmts, { numParams: bufs.length, location: (b) => ({ param: bufs.indexOf(b), plus: 0 }), params: new Map() });
    if (!code) return null;
    const run = new Function('rt', `return ${instantiateRun(code.bytes, code.imports)};`)(rt) as (...a: number[]) => void;
    run(...args);
  }
  // float16 buffers read back as their values.
  return bufs.map((b, k) => (b.dtype === float16 ? decodeFloat16(view(b, k)) : view(b, k).slice()));
}

/** The buffer's elements as stored (float16 as bits). */
function viewAt(buffer: SharedArrayBuffer, d: DType, offset: number, n: number): TypedArrayOf {
  return new (storageArrayClass(d))(buffer, offset, n);
}

/**
 * `op` of every element of `xs` by one loop rendered as WebAssembly with the program-level SIMD
 * functions allowed (`vector: 'exp'`, as row programs are), and the module's imports.
 */
export function laneLoop(op: 'exp' | 'log' | 'tanh', xs: Float32Array): { out: Float32Array; imports: string[] } {
  const [x, y] = [new Buf(float32, xs.length, 'x'), new Buf(float32, xs.length, 'y')];
  const b = new Builder();
  b.loop(0, xs.length, (i) => b.store(y, i, alu(op, b.let(load(x, i)))));
  const code = renderWasm(b.stmts, { numParams: 2, location: (buf) => ({ param: buf === x ? 0 : 1, plus: 0 }), params: new Map(), vector: 'exp' });
  if (!code) throw new Error(`the ${op} loop did not render as WebAssembly`);
  const rt = heap(xs.length * 8);
  const run = new Function('rt', `return ${instantiateRun(code.bytes, code.imports)};`)(rt) as (a: number, b: number) => void;
  rt.f32.set(xs, 4);
  run(16, 16 + xs.length * 4);
  return { out: rt.f32.slice(4 + xs.length, 4 + 2 * xs.length), imports: code.imports };
}

/** Distance in float32 steps (0 for equal values and NaN to NaN; signed zeros differ; across zero both sides count). */
export function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return Object.is(a, b) ? 0 : Infinity;
  const i = new Int32Array(new Float32Array([a, b]).buffer);
  return Math.sign(a) === Math.sign(b) ? Math.abs(i[0]! - i[1]!) : Math.abs(i[0]! & 0x7fffffff) + Math.abs(i[1]! & 0x7fffffff);
}
