// A minimal WebAssembly binary encoder: just what the kernel backend emits (one module, one
// exported function, imported shared memory and Math functions).

/** Value type codes. */
export const I32 = 0x7f;
/** f32 value type. */
export const F32 = 0x7d;
/** f64 value type. */
export const F64 = 0x7c;
/** v128 (SIMD) value type. */
export const V128 = 0x7b;
/** A value type code. */
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Opcodes the backend emits. */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  globalGet: 0x23,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Store8: 0x3a,
  i32Const: 0x41,
  i64Const: 0x42,
  f32Const: 0x43,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  f32Eq: 0x5b,
  f64Eq: 0x61,
  f64Lt: 0x63,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32DivS: 0x6d,
  i32RemS: 0x6f,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32ShrU: 0x76,
  i32Clz: 0x67,
  i32Popcnt: 0x69,
  i64Sub: 0x7d,
  i64And: 0x83,
  f64Abs: 0x99,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f32ConvertI32S: 0xb2,
  f32DemoteF64: 0xb6,
  f64ConvertI32S: 0xb7,
  f64PromoteF32: 0xbb,
  i64ReinterpretF64: 0xbd,
  f64ReinterpretI64: 0xbf,
} as const;

// Instruction sequences the kernel generators share.
/** local.get */
export const get = (local: number): number[] => [op.localGet, ...uleb(local)];
/** local.set */
export const set = (local: number): number[] => [op.localSet, ...uleb(local)];
/** i32.const */
export const i32c = (v: number): number[] => [op.i32Const, ...sleb(v)];
/** f64.const */
export const f64c = (v: number): number[] => [op.f64Const, ...f64Bytes(v)];
/** `for (x = from; x < to; x += step) body` over i32 locals; `to` is an instruction sequence. */
export function forLoop(x: number, from: number[], to: number[], step: number, body: number[]): number[] {
  return [
    ...from, ...set(x),
    op.block, 0x40, op.loop, 0x40,
    ...get(x), ...to, op.i32GeU, op.brIf, 1,
    ...body,
    ...get(x), ...i32c(step), op.i32Add, ...set(x),
    op.br, 0, op.end, op.end,
  ];
}

/** A float constant of value type `t` (F32 or F64). */
export const floatConst = (t: ValType, v: number): number[] => (t === F32 ? [op.f32Const, ...f32Bytes(v)] : f64c(v));

/** Unsigned LEB128 of a u32 immediate. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128 of an i32 (a number) or i64 (a bigint) immediate. */
export function sleb(value: number | bigint): number[] {
  let n = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && !(b & 0x40)) || (n === -1n && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** The little-endian bytes of an f32 immediate. */
export function f32Bytes(v: number): number[] {
  return [...new Uint8Array(new Float32Array([v]).buffer)];
}
/** The little-endian bytes of an f64 immediate. */
export function f64Bytes(v: number): number[] {
  return [...new Uint8Array(new Float64Array([v]).buffer)];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}
function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}
function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** What encodeModule emits. */
export interface ModuleSpec {
  /** Imported functions `m.<name>`, all f64 → f64 of the given arity. */
  imports: { name: string; arity: number }[];
  /** The exported `run` function's parameter types (it returns nothing). */
  params: ValType[];
  /** Extra locals after the parameters, in order. */
  locals: ValType[];
  /** The function body's instructions (without the final `end`). */
  body: number[];
  /** Mutable v128 globals, each initialised by a v128.const instruction (see render/wasmVector.ts's konst). */
  globals?: number[][];
}

/** A module importing `m.mem` (shared, up to 4 GiB) and `m.<fn>`, exporting `run`. */
export function encodeModule(spec: ModuleSpec): Uint8Array {
  const types: number[][] = spec.imports.map((i) => [0x60, ...vec(Array.from({ length: i.arity }, () => [F64])), ...vec([[F64]])]);
  types.push([0x60, ...vec(spec.params.map((t) => [t])), 0]);
  const runType = types.length - 1;
  const imports = spec.imports.map((i, k) => [...name('m'), ...name(i.name), 0x00, ...uleb(k)]);
  imports.push([...name('m'), ...name('mem'), 0x02, 0x03, ...uleb(0), ...uleb(65536)]);
  // Locals, run-length encoded by type.
  const groups: number[][] = [];
  for (const t of spec.locals) {
    const last = groups[groups.length - 1];
    if (last && last[1] === t) last[0]!++;
    else groups.push([1, t]);
  }
  // The code section is written into the bytes directly: a large kernel's body is not copied as an array again.
  const localDecls = vec(groups.map(([n, t]) => [...uleb(n!), t!]));
  const fnLength = localDecls.length + spec.body.length + 1;
  const head = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec([uleb(runType)])),
    ...(spec.globals?.length ? section(6, vec(spec.globals.map((init) => [V128, 0x01, ...init, op.end]))) : []),
    ...section(7, vec([[...name('run'), 0x00, ...uleb(spec.imports.length)]])),
  ];
  const entry = [...uleb(fnLength), ...localDecls];
  const codeBody = [...uleb(1), ...entry];
  const codeSize = codeBody.length + spec.body.length + 1;
  const out = new Uint8Array(head.length + 1 + uleb(codeSize).length + codeSize);
  let at = 0;
  for (const part of [head, [10, ...uleb(codeSize)], codeBody, spec.body, [op.end]]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** JS values for imports that are not `Math` functions. */
export const IMPORT_JS: Record<string, string> = {
  fmod: '((a, b) => a % b)',
  // C's pow (XLA's): 1 for a base of 1 (any exponent, NaN too) and for -1 to ±inf, where Math.pow gives NaN.
  pow: '((a, b) => (a === 1 || (a === -1 && (b === Infinity || b === -Infinity)) ? 1 : Math.pow(a, b)))',
  // One representable value from x toward y, by stepping the bits (the float32 one gets and
  // returns float32 values in f64).
  nextafter64:
    '(() => { const f = new Float64Array(1), w = new Uint32Array(f.buffer); return (x, y) => { if (x !== x || y !== y) return NaN; if (x === y) return y; if (x === 0) return y > 0 ? 5e-324 : -5e-324; f[0] = x; if ((y > x) === (x > 0)) { if (++w[0] === 0) w[1]++; } else if (w[0]-- === 0) w[1]--; return f[0]; }; })()',
  nextafter32:
    '(() => { const f = new Float32Array(1), w = new Uint32Array(f.buffer); return (x, y) => { if (x !== x || y !== y) return NaN; if (x === y) return y; if (x === 0) return y > 0 ? 1.401298464324817e-45 : -1.401298464324817e-45; f[0] = x; if ((y > x) === (x > 0)) w[0]++; else w[0]--; return f[0]; }; })()',
};
/** How many f64 operands each imported function takes (1 unless listed). */
export const IMPORT_ARITY: Record<string, number> = { pow: 2, fmod: 2, atan2: 2, nextafter32: 2, nextafter64: 2 };

/**
 * The generated-code expression for the module's `run`, instantiated on the worker's heap
 * (`rt.memory`) with `Math[name]` (or IMPORT_JS[name]) for each imported function (bytes as
 * base64: quicker to parse than a literal array).
 */
export function instantiateRun(bytes: Uint8Array, imports: readonly string[] = []): string {
  const env = ['mem: rt.memory', ...imports.map((m) => `${m}: ${IMPORT_JS[m] ?? `Math.${m}`}`)].join(', ');
  return `new WebAssembly.Instance(new WebAssembly.Module(Buffer.from('${Buffer.from(bytes).toString('base64')}', 'base64')), { m: { ${env} } }).exports.run`;
}
