// The inputs of a batch job opened and checked against each other, and the batches they split into.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { JaxpoolError } from '../index.js';
import { NpyReader, type NpyData } from '../io/npy.js';
import { BatchInputError } from './errors.js';
import { rowBytes, type RowSpec } from './step.js';

/** Rows [start, start + count) of every input: batch number `index`. */
export interface BatchRange {
  index: number;
  start: number;
  count: number;
}

/** What identifies an input file for `resume`: it must not have changed in between. */
export interface InputIdentity {
  path: string;
  size: number;
  mtimeMs: number;
  descr: string;
  shape: number[];
}

/** Default batch size: about this many bytes of input per batch. */
const BATCH_BYTES = 1 << 20;

export class Inputs {
  private constructor(
    readonly readers: NpyReader[],
    readonly rows: number,
  ) {}

  /** Open and check every input: a readable .npy that streams by rows, all with the same leading axis. */
  static async open(paths: string[]): Promise<Inputs> {
    if (!paths.length) throw new BatchInputError('no input: give at least one --in FILE.npy.');
    const readers: NpyReader[] = [];
    try {
      for (const p of paths) readers.push(await openInput(p));
      const rows = readers.map((r) => r.rows);
      if (rows.some((n) => n !== rows[0]))
        throw new BatchInputError(`the inputs' leading axes differ (${readers.map((r) => `${r.header.path}: ${r.rows}`).join(', ')}); every input needs one row per item.`);
      return new Inputs(readers, rows[0]!);
    } catch (e) {
      await Promise.all(readers.map((r) => r.close()));
      throw e;
    }
  }

  /** The dtype and row shape of each input, as the function sees them. */
  get specs(): RowSpec[] {
    return this.readers.map((r) => ({ dtype: r.header.dtype, rowShape: r.rowShape }));
  }

  identities(): InputIdentity[] {
    return this.readers.map((r) => {
      const st = statSync(r.header.path);
      return { path: r.header.path, size: st.size, mtimeMs: st.mtimeMs, descr: r.header.descr, shape: r.header.shape };
    });
  }

  /** Every input's rows of batch `b`. */
  read(b: BatchRange): Promise<NpyData[]> {
    return Promise.all(this.readers.map((r) => r.readRows(b.start, b.count)));
  }

  /** The batch size to use: given, or about 1 MiB of input per batch. */
  batchSize(given?: number): number {
    if (given !== undefined) {
      if (!Number.isSafeInteger(given) || given < 1) throw new BatchInputError(`--batch-size ${given} is not a positive integer.`);
      return given;
    }
    const bytes = this.specs.reduce((s, x) => s + rowBytes(x), 0);
    return Math.max(1, Math.min(1 << 20, Math.floor(BATCH_BYTES / Math.max(1, bytes))));
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.close()));
  }
}

async function openInput(path: string): Promise<NpyReader> {
  const abs = resolve(path);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new BatchInputError(`input ${path} does not exist; give an existing .npy file.`);
  }
  if (!st.isFile()) throw new BatchInputError(`input ${path} is not a file; give a .npy file.`);
  try {
    return await NpyReader.open(abs);
  } catch (e) {
    if (e instanceof JaxpoolError) throw new BatchInputError(`input ${e.message}`, { cause: e });
    throw new BatchInputError(`input ${path} cannot be read: ${(e as Error).message}`, { cause: e });
  }
}

/** The batches of `rows` rows in batches of `size`. */
export function batches(rows: number, size: number): BatchRange[] {
  const out: BatchRange[] = [];
  for (let start = 0, index = 0; start < rows; start += size, index++) out.push({ index, start, count: Math.min(size, rows - start) });
  return out;
}
