// The resume journal beside a run's partial outputs: its first line says what the run computes
// (so a resume with other arguments or changed inputs is refused), then one line per finished
// batch, appended only after the batch's rows were written. A line cut short by a kill is ignored.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { BatchInputError } from './errors.js';
import type { BatchRange } from './plan.js';

const FORMAT = 'jaxpool-batch-journal/1';

/** What a run computes: resume continues only the same thing. */
export interface RunIdentity {
  [key: string]: unknown;
}

export class Journal {
  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    /** Starts of the batches journaled as finished. */
    readonly done: Set<number>,
    /** Extra state the first run stored (e.g. its queue run id). */
    readonly state: Record<string, unknown>,
    /** Whether this continues an earlier run's journal. */
    readonly reopened: boolean,
  ) {}

  /**
   * With `resume` and a journal of the same identity: reopen it. Otherwise start a new one (an
   * old journal is replaced). `resumable` says whether partial outputs to continue are there.
   */
  static async open(path: string, identity: RunIdentity, resume: boolean, resumable: boolean, state: Record<string, unknown> = {}): Promise<Journal> {
    const previous = resume && resumable && existsSync(path) ? parse(readFileSync(path, 'utf8'), path) : null;
    if (previous) {
      const { head, done } = previous;
      const want = JSON.stringify(identity);
      if (JSON.stringify(head.identity) !== want)
        throw new BatchInputError(
          `cannot resume: ${path} belongs to a run with other arguments or inputs that changed since (${describeChange(head.identity as RunIdentity, identity)}); rerun without --resume to start over.`,
        );
      return new Journal(path, await open(path, 'a'), done, (head.state ?? {}) as Record<string, unknown>, true);
    }
    const file = await open(path, 'w');
    await file.write(JSON.stringify({ format: FORMAT, identity, state }) + '\n');
    return new Journal(path, file, new Set(), state, false);
  }

  /** Record a batch whose rows are written. */
  async record(b: BatchRange): Promise<void> {
    await this.file.write(`${b.start} ${b.count}\n`);
    this.done.add(b.start);
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  /** Close and delete the journal (the run finished, or it is abandoned). */
  async remove(): Promise<void> {
    await this.close();
    rmSync(this.path, { force: true });
  }
}

/** A journal's header and finished batches; null when a kill cut its header short (nothing was done). */
function parse(text: string, path: string): { head: { identity?: unknown; state?: unknown }; done: Set<number> } | null {
  const lines = text.split('\n');
  if (lines.length < 2) return null;
  let head: { format?: string; identity?: unknown; state?: unknown };
  try {
    head = JSON.parse(lines[0]!) as typeof head;
  } catch {
    head = {};
  }
  if (head.format !== FORMAT) throw new BatchInputError(`cannot resume: ${path} is not a jaxpool batch journal (or is damaged); rerun without --resume to start over.`);
  const done = new Set<number>();
  // The last element is what follows the last newline: empty, or a line cut short by a kill.
  for (const line of lines.slice(1, -1)) {
    const m = /^(\d+) (\d+)$/.exec(line);
    if (m) done.add(Number(m[1]));
  }
  return { head, done };
}

function describeChange(was: RunIdentity, now: RunIdentity): string {
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));
  return keys.length ? `${keys.join(', ')} differ` : 'identity differs';
}
