// The WebAssembly backend for float elementwise programs: one loop over the output range whose
// values live in locals. Native f32 ops round like the JS kernels' Math.fround of the f64 op
// (IEEE-exact ops only), transcendental functions call the imported Math functions in f64, so
// results are bit-identical to the JS backend — without a conversion per op, and splittable.
// sin and cos of small operands are inline (sincos.ts), still bit-identical.
import type { DType } from '../../core/dtypes.js';
import { type Jaxpr, Lit, Var, type Atom } from '../../core/jaxpr.js';
import type { LowerInfo, Lowering, WasmOp } from '../lowering.js';
import type { CompiledProgram, OutputSpec } from '../program.js';
import { inlineSinCos } from './sincos.js';
import { encodeModule, instantiateRun, F32, F64, floatConst, forLoop, get, I32, i32c, op, set, uleb, type ValType } from './encode.js';

const isFloat = (d: DType) => d.name === 'float32' || d.name === 'float64';
const valType = (d: DType): ValType => (d.name === 'float32' ? F32 : F64);

/** Launched programs over fewer elements than this stay JS (loop bodies do not: they run often). */
export const WASM_MIN_ELEMENTS = 4096;

/** What a jaxpr value is at loop index i. */
type Value = { local: number; type: ValType } | { literal: number; type: ValType };

/** A wasm program for `jaxpr` (already inlined and DCE'd), or null when it is not eligible. */
export function compileWasmElementwise(jaxpr: Jaxpr, minElements: number): CompiledProgram | null {
  const inputIndex = new Map<Var, number>();
  jaxpr.inBinders.forEach((v, i) => inputIndex.set(v, i));
  const outputIndex = new Map<Var, number>();
  for (const o of jaxpr.outs) if (o instanceof Var && !inputIndex.has(o) && !outputIndex.has(o)) outputIndex.set(o, outputIndex.size);
  const first = outputIndex.keys().next();
  if (first.done) return null;
  const n = first.value.aval.size;
  // Compiling a module costs more than a small loop saves: small programs stay JS (same bits).
  if (n < minElements) return null;
  for (const v of outputIndex.keys()) if (v.aval.size !== n || !isFloat(v.aval.dtype)) return null;

  const nIn = jaxpr.inBinders.length;
  const nOut = outputIndex.size;
  // Parameters: input offsets, output offsets, scratch base (unused), LO, HI.
  const params: ValType[] = Array.from({ length: nIn + nOut + 3 }, () => I32);
  const LO = nIn + nOut + 1;
  const HI = nIn + nOut + 2;
  const locals: ValType[] = [I32];
  const I = params.length; // the loop index
  const newLocal = (t: ValType): number => {
    locals.push(t);
    return params.length + locals.length - 1;
  };
  const imports: string[] = [];
  const importOf = (name: string): number => {
    const k = imports.indexOf(name);
    return k >= 0 ? k : imports.push(name) - 1;
  };

  const pre: number[] = []; // before the loop: scalar operands
  const body: number[] = []; // per element
  const values = new Map<Var, Value>();
  const read = (a: Atom, into: number[]): ValType | null => {
    if (a instanceof Lit) {
      if (!isFloat(a.aval.dtype)) return null;
      const t = valType(a.aval.dtype);
      into.push(...floatConst(t, a.val));
      return t;
    }
    const v = values.get(a) ?? loadInput(a);
    if (!v) return null;
    into.push(...('literal' in v ? floatConst(v.type, v.literal) : get(v.local)));
    return v.type;
  };
  /** The byte address of element i of the buffer whose offset is parameter `k`. */
  const addressAtI = (k: number, t: ValType) => [...get(k), ...get(I), ...i32c(t === F32 ? 2 : 3), op.i32Shl, op.i32Add];
  const load = (t: ValType, address: number[], into: number[]) => {
    into.push(...address, ...(t === F32 ? [op.f32Load, 2, 0] : [op.f64Load, 3, 0]));
  };
  /** A full-size program input, read at i (at the top of the loop, once). */
  const loadInput = (a: Var): Value | null => {
    const k = inputIndex.get(a);
    if (k === undefined || a.aval.size !== n || !isFloat(a.aval.dtype)) return null;
    const t = valType(a.aval.dtype);
    const local = newLocal(t);
    load(t, addressAtI(k, t), body);
    body.push(...set(local));
    const v = { local, type: t };
    values.set(a, v);
    return v;
  };

  for (const e of jaxpr.eqns) {
    const l = e.primitive.rules.lower as Lowering | undefined;
    const out = e.outBinders[0]!;
    if (!l || e.outBinders.length !== 1 || out.aval.size !== n || !isFloat(out.aval.dtype)) return null;
    const info: LowerInfo<never> = { params: e.params as never, inAvals: e.inputs.map((x) => x.aval), outAvals: [out.aval] };
    if (l.kind === 'index') {
      const x = e.inputs[0]!;
      const map = l.map('i', info);
      if (map === 'i' && x instanceof Var) {
        const v = values.get(x) ?? loadInput(x);
        if (!v) return null;
        values.set(out, v);
      } else if (map === '0') {
        // A scalar broadcast: a literal, or a size-1 program input read once before the loop.
        if (x instanceof Lit) {
          if (!isFloat(x.aval.dtype)) return null;
          values.set(out, { literal: x.val, type: valType(x.aval.dtype) });
          continue;
        }
        const k = inputIndex.get(x);
        if (k === undefined || !isFloat(x.aval.dtype)) return null;
        const t = valType(x.aval.dtype);
        const local = newLocal(t);
        load(t, get(k), pre);
        pre.push(...set(local));
        values.set(out, { local, type: t });
      } else return null;
      continue;
    }
    if (l.kind !== 'elementwise' || !l.wasm) return null;
    const w: WasmOp | null = l.wasm(info);
    if (!w) return null;
    const t = valType(out.aval.dtype);
    const code: number[] = [];
    if (w === 'convert') {
      const from = read(e.inputs[0]!, code);
      if (from === null) return null;
      if (from === F32 && t === F64) code.push(op.f64PromoteF32);
      else if (from === F64 && t === F32) code.push(op.f32DemoteF64);
    } else if ('native' in w) {
      for (const x of e.inputs) if (read(x, code) !== t) return null;
      code.push(t === F32 ? w.native.f32 : w.native.f64);
    } else {
      for (const x of e.inputs) {
        if (read(x, code) !== t) return null;
        if (t === F32) code.push(op.f64PromoteF32);
      }
      const inline = w.math === 'sin' || w.math === 'cos' ? inlineSinCos(w.math, newLocal, importOf(w.math)) : null;
      code.push(...(inline ?? [op.call, ...uleb(importOf(w.math))]));
      if (t === F32) code.push(op.f32DemoteF64);
    }
    const local = newLocal(t);
    body.push(...code, ...set(local));
    values.set(out, { local, type: t });
  }

  // Stores of the outputs at i.
  for (const [v, k] of outputIndex) {
    const t = valType(v.aval.dtype);
    body.push(...addressAtI(nIn + k, t));
    if (read(v, body) !== t) return null;
    body.push(...(t === F32 ? [op.f32Store, 2, 0] : [op.f64Store, 3, 0]));
  }

  const code = [...pre, ...forLoop(I, get(LO), get(HI), 1, body)];
  const bytes = encodeModule({ imports: imports.map((name) => ({ name, arity: name === 'pow' ? 2 : 1 })), params, locals, body: code });
  const outputs: OutputSpec[] = jaxpr.outs.map((o) => {
    if (o instanceof Lit) return { kind: 'literal', value: o.val };
    const i = inputIndex.get(o);
    return i !== undefined ? { kind: 'input', index: i } : { kind: 'buffer', index: outputIndex.get(o)! };
  });
  const args = params.map((_, k) => `args[${k}]`).join(', ');
  return {
    prelude: [`const wasmRun = ${instantiateRun(bytes, imports)};`],
    body: `wasmRun(${args});`,
    numInputs: nIn,
    numOutputs: nOut,
    scratchBytes: 0,
    outputs,
    splitSize: n,
  };
}
