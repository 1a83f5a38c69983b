// A run's outputs: written as partial files beside the targets, then renamed over them only when
// the run succeeds (an existing output is replaced atomically, never half-written).
import { accessSync, constants, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NpyWriter } from '../io/npy.js';
import { BatchInputError } from './errors.js';
import { rowBytes, type RowSpec } from './step.js';
import type { BatchOutput } from './types.js';

/** The partial file of an output. */
export function partialPath(out: string): string {
  return `${out}.jaxpool-partial`;
}

/** Check output paths before any work: distinct, not inputs, in writable directories. */
export function checkOutputPaths(outs: string[], inputs: string[]): string[] {
  if (!outs.length) throw new BatchInputError('no output: give --out FILE.npy (one per leaf of the function result).');
  const abs = outs.map((o) => resolve(o));
  const ins = new Set(inputs.map((i) => resolve(i)));
  abs.forEach((p, i) => {
    if (ins.has(p)) throw new BatchInputError(`output ${outs[i]} is also an input; write to another file.`);
    if (abs.indexOf(p) !== i) throw new BatchInputError(`output ${outs[i]} is given twice; each leaf needs its own file.`);
    if (existsSync(p) && statSync(p).isDirectory()) throw new BatchInputError(`output ${outs[i]} is a directory; give a file path.`);
    const dir = dirname(p);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw new BatchInputError(`output ${outs[i]} cannot be written: ${existsSync(dir) ? `directory ${dir} is not writable` : `directory ${dir} does not exist`}.`);
    }
  });
  return abs;
}

export class Outputs {
  private constructor(
    readonly paths: string[],
    readonly specs: RowSpec[],
    readonly rows: number,
    private readonly writers: NpyWriter[],
  ) {}
  private closed = false;

  /** Whether every partial file of `paths` is there to continue. */
  static resumable(paths: string[]): boolean {
    return paths.every((p) => existsSync(partialPath(p)));
  }

  /** Open the partial files: fresh, or (with `reuse`) those of a run being resumed. */
  static async open(paths: string[], specs: RowSpec[], rows: number, reuse: boolean): Promise<Outputs> {
    const writers: NpyWriter[] = [];
    try {
      for (let i = 0; i < paths.length; i++) writers.push(await NpyWriter.create(partialPath(paths[i]!), specs[i]!.dtype, [rows, ...specs[i]!.rowShape], reuse));
    } catch (e) {
      await Promise.all(writers.map((w) => w.close()));
      for (const p of paths) if (!reuse) rmSync(partialPath(p), { force: true });
      throw new BatchInputError(`output cannot be written: ${(e as Error).message}`, { cause: e });
    }
    return new Outputs(paths, specs, rows, writers);
  }

  /** Write each leaf's rows of a batch starting at row `start`. */
  async write(start: number, count: number, leaves: ArrayBufferView[]): Promise<void> {
    await Promise.all(
      leaves.map((data, i) => {
        const want = count * rowBytes(this.specs[i]!);
        if (data.byteLength !== want) throw new Error(`batch at row ${start}: output ${i} has ${data.byteLength} bytes, expected ${want}; this is a bug.`);
        return this.writers[i]!.writeRows(start, data);
      }),
    );
  }

  /** Flush and rename every partial file over its output. */
  async commit(): Promise<void> {
    for (const w of this.writers) await w.sync();
    await this.close();
    for (const p of this.paths) renameSync(partialPath(p), p);
  }

  /** Close, keeping the partial files (to resume). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.writers.map((w) => w.close()));
  }

  /** Close and delete the partial files. */
  async discard(): Promise<void> {
    await this.close();
    for (const p of this.paths) rmSync(partialPath(p), { force: true });
  }

  describe(): BatchOutput[] {
    return this.paths.map((path, i) => ({ path, dtype: this.specs[i]!.dtype, shape: [this.rows, ...this.specs[i]!.rowShape] }));
  }
}
