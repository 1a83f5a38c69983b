// Running a tiny program on the host thread instead of handing it to its device's worker. A
// hand-off costs a worker's wake-up (~12 µs quiet, ~17 µs and a long tail with a CPU-bound process
// beside us, on 2 cores) where a one-element kernel takes well under a microsecond; the caller
// (executable.ts) inlines only pure programs on few elements, without loops, whose inputs are all
// computed, so running them now on the host gives what the device would have given.
import { JaxpoolError } from '../core/errors.js';
import { heapMemory, heapViews, type HeapViews } from './heap.js';
import type { ProgramSpec } from './device.js';
import type { WorkerDevice } from './device.js';
import { Ticket } from './ticket.js';
import { attachFailure } from './failures.js';
import { recordLaunch } from './transfers.js';
import { faults } from './faults.js';
import * as P from './protocol.js';
import { isProfiling } from './profiler.js';
import { activeCallbacks } from './device.js';

type Program = (args: number[]) => void;

/** Programs compiled on the host, by their spec (so they go with their executable). */
const programs = new WeakMap<ProgramSpec, Program>();

/** What generated code sees as `rt` (the worker's fields; views refreshed after heap growth). */
const rt: HeapViews & { deviceId: number; memory: WebAssembly.Memory | null; callHost(): never } = {
  deviceId: -1,
  memory: null,
  ...P.heapViewsOf(new ArrayBuffer(0)),
  callHost(): never {
    throw new JaxpoolError('internal: a program run on the host called a host callback');
  },
};

function refresh(): void {
  const v = heapViews();
  if (rt.u8 === v.u8) return;
  rt.memory = heapMemory();
  Object.assign(rt, v);
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function load(spec: ProgramSpec): Program {
  let prog = programs.get(spec);
  if (prog) return prog;
  refresh();
  try {
    prog = new Function('rt', spec.source)(rt) as Program;
  } catch (e) {
    // As on a worker: every run of it fails with the reason.
    const why = `it failed to compile: ${describe(e)}`;
    prog = () => {
      throw new Error(why);
    };
  }
  programs.set(spec, prog);
  return prog;
}

/**
 * `dev` could take a program run on the host now, with the same outcome as on its worker: the
 * device is idle (every command given to it has finished, so a read of the result still means all
 * earlier work there ran; no host callback of its holds it), its worker serves it and is not being
 * killed (fault moments are defined on workers), no host callback runs (launches from one nest on
 * their device's rings) and no profile is recorded (kernels stay on the device tracks).
 */
export function canRunOnHost(dev: WorkerDevice): boolean {
  return (
    faults.armed === 0 &&
    activeCallbacks.count === 0 &&
    !dev.killing &&
    !isProfiling() &&
    dev.attached &&
    Atomics.load(dev.control, P.KILL_AT_RUN) === 0 &&
    dev.isIdle()
  );
}

/** Per device incarnation: the one ticket every clean host run shares (it is done, and holds nothing). */
const cleanRuns = new WeakMap<WorkerDevice, Ticket>();

/**
 * Run `spec` with `args` on the host, as a command of `dev` that finished at once: its ticket is
 * done (sequence number 0, see WorkerDevice.isDone) and carries the failure, if the program threw
 * (raised at the next read, as a device's would be). Clean runs share one ticket per device
 * incarnation: a ticket per call would be garbage the young generation keeps (it is referenced by
 * arrays, which V8 11's scavenges keep alive as finalization targets).
 */
export function runOnHost(dev: WorkerDevice, spec: ProgramSpec, args: number[], liveOutputs: number): Ticket {
  recordLaunch();
  const prog = load(spec);
  refresh();
  rt.deviceId = dev.id;
  try {
    prog(args);
  } catch (e) {
    const t = new Ticket(dev, dev.incarnation, 0, 0, spec.label);
    t.liveOutputs = liveOutputs;
    attachFailure(t, new JaxpoolError(`program '${spec.label}' failed on ${dev}: ${describe(e)}`));
    return t;
  }
  let t = cleanRuns.get(dev);
  if (!t || t.incarnation !== dev.incarnation) {
    cleanRuns.set(dev, (t = new Ticket(dev, dev.incarnation, 0, 0, 'programs run on the host')));
    t.settled = true;
  }
  return t;
}
