// Loading each implementation in a cell's child process, set up as its documentation says for
// Node. Dynamic imports, so a child loads only the library its cell measures.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Jaxpool from '../src/index.js';
import type njModule from '@d4c/numjs';
import type { Cell, Flat, Impl } from './harness.js';

/** The repository root: the nearest folder above this module whose package.json is jaxpool's. */
export const ROOT = ((): string => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'jaxpool') return dir;
    if (dirname(dir) === dir) throw new Error(`bench: no jaxpool package.json above ${import.meta.url}`);
  }
})();

/** The built entry point (`npm run build`), as users install it. */
export const BUILT_JAXPOOL = join(ROOT, 'dist', 'src', 'index.js');

/**
 * jaxpool from `dist/` (no TypeScript loader in its workers), or from the sources when nothing is
 * built (only under tsx). `JAXPOOL_NUM_DEVICES` (set by the runner for `jaxpool-1w`) sizes the pool.
 */
export async function loadJaxpool(): Promise<typeof Jaxpool> {
  const at = existsSync(BUILT_JAXPOOL) ? BUILT_JAXPOOL : join(ROOT, 'src', 'index.ts');
  return (await import(pathToFileURL(at).href)) as typeof Jaxpool;
}

export type Tf = typeof import('@tensorflow/tfjs');

/**
 * TensorFlow.js on its `cpu` backend (plain JS), or on `wasm` (XNNPACK with SIMD; Node has no
 * cross-origin isolation to ask about, and the backend's threaded build needs a Web Worker, so
 * it runs one thread). `setWasmPaths` points at the package's `dist/`, where the `.wasm` files are.
 */
export async function loadTf(backend: 'cpu' | 'wasm'): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`bench: tfjs backend '${backend}' did not initialise`);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`bench: tfjs runs on '${tf.getBackend()}', not '${backend}'`);
  if (backend === 'wasm' && !(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) {
    throw new Error('bench: tfjs-wasm found no WebAssembly SIMD support');
  }
  return tf;
}

export type JaxJs = typeof import('@jax-js/jax');

/**
 * jax-js on its `wasm` device (the default; in Node it runs on the main thread, as Node has no
 * global `Worker` for its worker pool). Arrays are reference-counted: every call consumes its
 * array arguments, `x.ref` keeps one for later, `dataSync()` consumes the array it reads.
 */
export async function loadJaxJs(): Promise<JaxJs> {
  const jax = await import('@jax-js/jax');
  const ok = await jax.init('wasm');
  if (!ok.includes('wasm')) throw new Error(`bench: jax-js has no wasm device (got ${ok.join(', ')})`);
  jax.defaultDevice('wasm');
  return jax;
}

/** The numjs namespace (`nj.array`, `nj.dot`, …). */
export type Numjs = typeof njModule.default;

/** numjs (ndarray-based, plain JS); Node's CJS interop puts the namespace one `.default` deeper. */
export async function loadNumjs(): Promise<Numjs> {
  const d = (await import('@d4c/numjs')).default as unknown as Numjs & { default?: Numjs };
  return d.default ?? d;
}

type Make<L> = (lib: L) => Cell | Promise<Cell>;

/** The same jaxpool cell in both jaxpool columns (the runner sizes the pool per column). */
export function jaxpoolCells(make: Make<typeof Jaxpool>): Partial<Record<Impl, () => Promise<Cell>>> {
  const f = async () => make(await loadJaxpool());
  return { 'jaxpool-1w': f, jaxpool: f };
}

/** The same TensorFlow.js cell on its cpu and wasm backends. */
export function tfCells(make: Make<Tf>): Partial<Record<Impl, () => Promise<Cell>>> {
  return { 'tfjs-cpu': async () => make(await loadTf('cpu')), 'tfjs-wasm': async () => make(await loadTf('wasm')) };
}

/** A jax-js cell. */
export function jaxJsCell(make: Make<JaxJs>): Partial<Record<Impl, () => Promise<Cell>>> {
  return { 'jax-js': async () => make(await loadJaxJs()) };
}

/** A numjs cell. */
export function numjsCell(make: Make<Numjs>): Partial<Record<Impl, () => Promise<Cell>>> {
  return { numjs: async () => make(await loadNumjs()) };
}

/** A tfjs run: `f` inside `tidy`, its result read back and disposed. */
export function tfRead(tf: Tf, f: () => import('@tensorflow/tfjs').Tensor): () => Flat {
  return () => {
    const y = tf.tidy(f);
    const data = y.dataSync();
    y.dispose();
    return data;
  };
}

/**
 * A jaxpool run's result read back (a host copy) and then deleted, as `tfRead` disposes and jax-js
 * consumes an array it reads: no implementation leaves its results to the garbage collector.
 */
export function readAndFree(y: { dataSync(): Flat; delete(): void }): Flat {
  const data = y.dataSync();
  y.delete();
  return data;
}

/** A cell whose timed run returns its output: the last timed run's is the one checked. */
export function selfChecked(run: () => Flat): Cell {
  let last: Flat | undefined;
  return { run: () => (last = run()), output: () => last ?? run() };
}
