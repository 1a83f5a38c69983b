// The child side of the bench: builds one cell, times it, and sends its statistics and its final
// output (for the parent's check) over IPC. Started by bench/runner.ts, never by hand.
import type { Family } from './harness.js';
import { flat } from './harness.js';
import type { CellReply, CellSpec } from './runner.js';
import { timeCell } from './timing.js';

function reply(r: CellReply): void {
  process.send!(r, () => process.exit(r.ok ? 0 : 1));
}

// A parent that dies leaves nobody to read the result.
process.on('disconnect', () => process.exit(2));

const spec = JSON.parse(process.argv[2]!) as CellSpec;
try {
  const { family } = (await import(spec.family)) as { family: Family };
  const w = family.workloads.find((x) => x.name === spec.workload);
  const make = w?.impls[spec.impl];
  if (!w || !make) throw new Error(`no cell ${spec.workload}/${spec.impl} in ${spec.family}`);
  const cell = await make();
  const stats = await timeCell(cell.run, w.kind, spec.quick);
  // The output after all the timed calls: a cell whose repeated runs corrupt its own state fails.
  const output = Float64Array.from(flat(await cell.output()));
  reply({ ok: true, stats, output });
} catch (e) {
  reply({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
