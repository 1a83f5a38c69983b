// Global configuration, JAX's `jax.config.update(name, value)`.
import os from 'node:os';
import { JaxpoolError } from './errors.js';

/** How device↔host crossings happen: views of shared memory, or copies (like a discrete accelerator). */
export type TransferMode = 'zero-copy' | 'copy';
/** What an implicit transfer does: happen, happen and log, or throw `TransferGuardError`. */
export type TransferGuardLevel = 'allow' | 'log' | 'disallow';

/** The options of {@link config}, with their current values in `config.values`. */
export interface ConfigValues {
  /** Allow float64 arrays (JAX's `jax_enable_x64`). */
  enableX64: boolean;
  /** Number of worker devices; read when the pool starts. */
  numDevices: number;
  /** `copy` behaves like a discrete accelerator: every device↔host crossing copies. */
  transferMode: TransferMode;
  /** Governs implicit transfers (JS values into jit, dataSync, tolist). */
  transferGuard: TransferGuardLevel;
  /** Milliseconds a blocking wait may take before it fails with a diagnosis. */
  syncTimeoutMs: number;
  /** Compile eligible float elementwise programs to WebAssembly (else generated JS loops). */
  wasm: boolean;
  /** Milliseconds a host callback's Promise may take to settle (per callback: `{ timeoutMs }`). */
  callbackTimeoutMs: number;
  /** Defer pure eager ops (elementwise, index maps, reductions) so a chain of them runs as one fused program when its value is first used. */
  eagerFusion: boolean;
  /** Compiled programs each compile cache keeps (least recently used go first, and are unloaded from the workers). */
  compileCacheSize: number;
}

function envInt(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new JaxpoolError(`${name}=${v} is not a positive integer; unset it or give e.g. ${name}=2.`);
  return n;
}

const values: ConfigValues = {
  enableX64: process.env.JAX_ENABLE_X64 === '1' || process.env.JAX_ENABLE_X64 === 'true',
  numDevices: envInt('JAXPOOL_NUM_DEVICES') ?? os.availableParallelism(),
  transferMode: 'zero-copy',
  transferGuard: 'allow',
  syncTimeoutMs: envInt('JAXPOOL_SYNC_TIMEOUT_MS') ?? 60_000,
  wasm: process.env.JAXPOOL_WASM !== '0',
  callbackTimeoutMs: envInt('JAXPOOL_CALLBACK_TIMEOUT_MS') ?? 60_000,
  eagerFusion: process.env.JAXPOOL_EAGER_FUSION !== '0',
  compileCacheSize: envInt('JAXPOOL_COMPILE_CACHE_SIZE') ?? 2048,
};

/** Options that must be positive numbers (integers where counts). */
const positive: Partial<Record<keyof ConfigValues, 'integer' | 'number'>> = {
  syncTimeoutMs: 'number',
  callbackTimeoutMs: 'number',
  compileCacheSize: 'integer',
};

const listeners: Array<(name: keyof ConfigValues) => void> = [];

/**
 * JAX's `jax.config`: `config.update(name, value)` sets an option, `config.values` reads them
 * (see {@link ConfigValues}). Environment variables give the defaults: `JAX_ENABLE_X64`,
 * `JAXPOOL_NUM_DEVICES`, `JAXPOOL_SYNC_TIMEOUT_MS`, `JAXPOOL_WASM=0`, `JAXPOOL_EAGER_FUSION=0`.
 *
 * @throws `JaxpoolError` from `update` for an unknown option name.
 *
 * @example
 * ```ts
 * config.update('enableX64', true);          // float64 arrays (JAX's jax_enable_x64)
 * config.update('transferMode', 'copy');     // every device↔host crossing copies
 * config.values.numDevices;                  // worker threads in the pool
 * ```
 */
export const config = {
  /** The current value of every option. */
  get values(): Readonly<ConfigValues> {
    return values;
  },
  /** Set option `name` to `value` (typed per option). */
  update<K extends keyof ConfigValues>(name: K, value: ConfigValues[K]): void {
    if (!(name in values)) throw new JaxpoolError(`unknown config option '${String(name)}'; known: ${Object.keys(values).join(', ')}.`);
    const kind = positive[name];
    if (kind && (typeof value !== 'number' || !(value > 0) || (kind === 'integer' && !Number.isInteger(value))))
      throw new JaxpoolError(`config ${String(name)} must be a positive ${kind}, got ${String(value)}.`);
    values[name] = value;
    for (const l of listeners) l(name);
  },
  /** React to changes (e.g. the pool size). @internal */
  onChange(fn: (name: keyof ConfigValues) => void): void {
    listeners.push(fn);
  },
};
