// The device heap: one shared WebAssembly.Memory that every worker device and the host see
// (later WASM kernels run on it directly). Allocation is host-only; freeing waits for users.
import v8 from 'node:v8';
import vm from 'node:vm';
import { JaxpoolError } from '../core/errors.js';
import { isBusy, type Ticket } from './ticket.js';
import { outputFreed } from './failures.js';
import type { ChunkProgress } from './chunkProgress.js';
import { type HeapViews, heapViewsOf } from './protocol.js';

const PAGE = 65536;
const ALIGN = 64;
const maxPages = Number(process.env.JAXPOOL_HEAP_MAX_PAGES ?? 65536);

let memory: WebAssembly.Memory | null = null;
let views: HeapViews | null = null;
/** Bumped at every growth; workers refresh their views when the buffer length changed. */
let capacity = 0;

export type { HeapViews } from './protocol.js';

export function heapMemory(): WebAssembly.Memory {
  if (!memory) {
    memory = new WebAssembly.Memory({ initial: 256, maximum: maxPages, shared: true });
    capacity = memory.buffer.byteLength;
    top = ALIGN; // offset 0 is never handed out, so a zero offset always means "no buffer"
  }
  return memory;
}

export function heapViews(): HeapViews {
  const mem = heapMemory();
  if (!views || views.u8.byteLength !== mem.buffer.byteLength) {
    views = heapViewsOf(mem.buffer);
  }
  return views;
}

// --- allocator: sorted free list with coalescing, bump pointer at the top ---
interface Block {
  off: number;
  size: number;
}
let free: Block[] = [];
let top = ALIGN;
let liveBytes = 0;
let liveBuffers = 0;
let peakBytes = 0;

export class HeapBuffer {
  producer: Ticket | null = null;
  /** Set on an output of a shared launch: which of its chunks are finished. */
  progress: ChunkProgress | null = null;
  /** The last command on each (device, queue) that uses this buffer: queues run in order, so it suffices. */
  private lastUses: Ticket[] | null = null;
  #released = false;
  #freed = false;
  /** Arrays holding it (devicePut gives a second array the same buffer); freed when the last lets go. */
  private holders = 1;
  constructor(
    readonly offset: number,
    readonly nbytes: number,
    private readonly reserved: number,
  ) {}

  get isFreed(): boolean {
    return this.#freed;
  }

  /** One more array holds this buffer: it is freed only after each holder released it. */
  share(): this {
    this.holders++;
    return this;
  }

  /** A holder lets go (each exactly once); the last one frees it once no unfinished command uses it. */
  release(): void {
    if (this.#released || --this.holders > 0) return;
    this.#released = true;
    collect();
    // Kept for later only while a command still uses it (a buffer of a run on the host never is).
    if (!this.tryFree()) deferred.push(this);
  }

  /** Record that launched command `t` uses this buffer. */
  use(t: Ticket): void {
    // Allocated at the first use: a buffer a program ran on the host never has one.
    const uses = (this.lastUses ??= []);
    for (let i = 0; i < uses.length; i++)
      if (uses[i]!.device === t.device && uses[i]!.depth === t.depth) {
        uses[i] = t;
        return;
      }
    uses.push(t);
  }

  /** Internal: free now if nothing still uses it. */
  tryFree(): boolean {
    if (this.#freed) return true;
    const uses = this.lastUses;
    if (uses?.length) {
      let kept = 0;
      for (let i = 0; i < uses.length; i++) if (isBusy(uses[i]!)) uses[kept++] = uses[i]!;
      uses.length = kept;
      if (kept) return false;
    }
    this.#freed = true;
    if (this.producer?.failure) outputFreed(this.producer);
    liveBytes -= this.nbytes;
    liveBuffers--;
    if (this.reserved > 0) freeBlock(this.offset, this.reserved);
    return true;
  }
}

const deferred: HeapBuffer[] = [];
/** Free the released buffers nothing uses any more (in place: this runs at every release). */
function collect(): void {
  let kept = 0;
  for (let i = 0; i < deferred.length; i++) {
    const b = deferred[i]!;
    if (!b.tryFree()) deferred[kept++] = b;
  }
  if (kept !== deferred.length) deferred.length = kept;
}

// Device memory is invisible to V8, which collects (and so finalizes dropped arrays) only under
// JS-heap pressure, and runs finalizers only at a later event-loop turn — never inside a
// synchronous loop like `for (...) f(x).dataSync()`. So buffers are registered with a
// FinalizationRegistry that supports `cleanupSome` (a V8 flag, in a fresh context): when
// allocation since the last collection outgrows what was live after it, collect, then run the
// finalizers at once. Young generation first, as it is cheap; but V8 11's scavenges (Node 20)
// keep FinalizationRegistry targets alive, so there it is the full collection that frees them.
type Registry<T> = FinalizationRegistry<T> & { cleanupSome?: () => void };
interface Collector {
  gc: ((opts?: { type: 'minor' | 'major' }) => void) | null;
  Registry: typeof FinalizationRegistry;
  registry: Registry<HeapBuffer>;
  /** Every registry made here, so a collection runs all their finalizers at once. */
  all: Registry<never>[];
}
let collector: Collector | null = null;

function getCollector(): Collector {
  if (collector) return collector;
  let gc: Collector['gc'] = null;
  let Registry: typeof FinalizationRegistry = FinalizationRegistry;
  try {
    v8.setFlagsFromString('--expose-gc');
    // Known on the V8 of Node 20–22; an unknown flag would only print a warning.
    if (Number(process.versions.v8.split('.')[0]) < 13) v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const ctx = vm.createContext({});
    gc = vm.runInContext('gc', ctx) as Collector['gc'];
    Registry = vm.runInContext('FinalizationRegistry', ctx) as typeof FinalizationRegistry;
  } catch {
    // Without these the buffers are still freed, at the next event-loop turn after a collection.
  }
  const registry = new Registry<HeapBuffer>((buf) => buf.release());
  collector = { gc, Registry, registry, all: [registry as Registry<never>] };
  return collector;
}

/** A FinalizationRegistry whose finalizers run at the heap's collections (not only at a later turn). */
export function makeRegistry<T>(cleanup: (held: T) => void): FinalizationRegistry<T> {
  const c = getCollector();
  const r = new c.Registry<T>(cleanup);
  c.all.push(r as Registry<never>);
  return r;
}

function runFinalizers(): void {
  for (const r of getCollector().all) r.cleanupSome?.();
}

/** A full collection now, its finalizers run, and freeable buffers freed (memory figures after it are exact). */
export function collectGarbage(): void {
  getCollector().gc?.();
  runFinalizers();
  collect();
}

/**
 * Keep young collections on the collecting thread. When the devices take every core, V8's GC helper
 * threads wait for one, and so does a scavenge that hands them work: with two devices computing on
 * two cores, one took 0.24 ms at the median but 3.7 ms at p90 (0.14 and 0.20 ms without helpers),
 * stalling the host that copies results out. Scavenges of a small young generation need no helpers.
 */
export function collectWithoutHelpers(): void {
  try {
    v8.setFlagsFromString('--no-parallel-scavenge');
    v8.setFlagsFromString('--no-concurrent-array-buffer-sweeping');
  } catch {
    // Unknown to this engine: keep its defaults.
  }
}

/** Release `buf` when `owner` (its array) is garbage collected; delete() may release it earlier (see forgetWhenCollected). */
export function releaseWhenCollected(owner: object, buf: HeapBuffer): void {
  getCollector().registry.register(owner, buf, owner);
}

/** `owner` released its buffer itself: its collection must not release it again (a buffer may have several holders). */
export function forgetWhenCollected(owner: object): void {
  getCollector().registry.unregister(owner);
}

let allocatedSinceGc = 0;
let liveAfterGc = 0;
const GC_MIN_BYTES = 64 << 20;

function maybeCollectGarbage(nbytes: number): void {
  allocatedSinceGc += nbytes;
  if (allocatedSinceGc < Math.max(GC_MIN_BYTES, liveAfterGc)) return;
  const { gc, registry } = getCollector();
  // Enough came back when live memory grew by less than a quarter of what was allocated (arrays
  // deleted explicitly do not count as collected).
  const enough = () => liveBytes - liveAfterGc < allocatedSinceGc / 4;
  // V8 may have collected the dropped arrays on its own (host arrays add external-memory
  // pressure): their finalizers are pending, and running them costs no collection.
  registry.cleanupSome?.();
  collect();
  if (!enough()) collectYoungGarbage();
  // Still too little: the dropped arrays are in the old generation (or the young one keeps them).
  if (!enough()) {
    gc?.();
    runFinalizers();
    collect();
  }
  allocatedSinceGc = 0;
  liveAfterGc = liveBytes;
}

/**
 * A young-generation collection now, then the finalizers it makes due: dropped host arrays return
 * their memory to malloc, which the next copy out then reuses instead of faulting in fresh pages
 * (and where the engine's scavenges process finalization targets, dropped arrays free their
 * device buffers).
 */
export function collectYoungGarbage(): void {
  getCollector().gc?.({ type: 'minor' });
  hostBytesSinceYoungGc = 0;
  runFinalizers();
  collect();
}

// --- host copies: reuse the memory of dropped ones ---
/** Copies at least this large are worth a young collection first (~0.2 ms against ~1.5 ms of page faults per 4 MB). */
const RECYCLE_BYTES = 1 << 20;
/** Bytes of large host copies made since the last young collection: what one could give back. */
let hostBytesSinceYoungGc = 0;

/**
 * Before copying `nbytes` of device memory into a fresh host array: if earlier copies of that
 * size may have been dropped since the last young collection, collect them, so the new array
 * reuses their memory. Call it before waiting for the value when there is a wait: the collection
 * then overlaps the devices' work.
 */
export function recycleHostMemory(nbytes: number): void {
  if (nbytes >= RECYCLE_BYTES && hostBytesSinceYoungGc >= nbytes) collectYoungGarbage();
}

/** Count a large host copy (made with typedArrayToFill) for recycleHostMemory. */
export function noteHostCopy(nbytes: number): void {
  if (nbytes >= RECYCLE_BYTES) hostBytesSinceYoungGc += nbytes;
}

export function allocate(nbytes: number): HeapBuffer {
  if (!Number.isInteger(nbytes) || nbytes < 0) throw new JaxpoolError(`internal: cannot allocate ${nbytes} bytes.`);
  heapMemory();
  collect();
  maybeCollectGarbage(nbytes);
  if (nbytes === 0) {
    liveBuffers++;
    return new HeapBuffer(ALIGN, 0, 0);
  }
  const size = Math.ceil(nbytes / ALIGN) * ALIGN;
  let off = takeFree(size);
  if (off < 0) {
    // Grow first: a failed growth must leave the allocator as it was. Before giving up, collect
    // the dropped arrays: their buffers may be what is missing.
    try {
      grow(top + size, nbytes);
    } catch {
      collectGarbage();
      off = takeFree(size);
      if (off < 0) grow(top + size, nbytes);
    }
    if (off < 0) {
      off = top;
      top += size;
    }
  }
  liveBytes += nbytes;
  liveBuffers++;
  if (liveBytes > peakBytes) peakBytes = liveBytes;
  return new HeapBuffer(off, nbytes, size);
}

/** First fit in the free list: the offset of a block of `size` bytes taken from it, or -1. */
function takeFree(size: number): number {
  for (let i = 0; i < free.length; i++) {
    const b = free[i]!;
    if (b.size >= size) {
      if (b.size === size) free.splice(i, 1);
      else free[i] = { off: b.off + size, size: b.size - size };
      return b.off;
    }
  }
  return -1;
}

function grow(needed: number, nbytes: number): void {
  const mem = memory!;
  if (needed <= mem.buffer.byteLength) return;
  const cur = mem.buffer.byteLength / PAGE;
  const want = Math.min(maxPages, Math.max(Math.ceil(needed / PAGE), cur * 2));
  const limit = maxPages * PAGE;
  const advice = 'delete() arrays you no longer need, work in smaller pieces, or raise JAXPOOL_HEAP_MAX_PAGES (pages of 64 KiB).';
  if (want * PAGE < needed)
    throw new JaxpoolError(`cannot allocate ${nbytes} bytes on the device heap: it holds at most ${limit} bytes (JAXPOOL_HEAP_MAX_PAGES=${maxPages}) and ${liveBytes} are in use; ${advice}`);
  try {
    mem.grow(want - cur);
  } catch (e) {
    throw new JaxpoolError(`cannot allocate ${nbytes} bytes on the device heap: growing it to ${want * PAGE} bytes failed (limit ${limit} bytes), the system may be short of memory; ${advice}`, { cause: e });
  }
  capacity = mem.buffer.byteLength;
}

function freeBlock(off: number, size: number): void {
  // Insert sorted by offset and coalesce with neighbours; a block touching the top lowers it.
  let i = 0;
  while (i < free.length && free[i]!.off < off) i++;
  if (i === free.length && off + size === top) {
    // The highest block (as a short-lived buffer mostly is): lower the top, with no garbage.
    top = off;
    if (i > 0 && free[i - 1]!.off + free[i - 1]!.size === top) top = free.pop()!.off;
    return;
  }
  free.splice(i, 0, { off, size });
  if (i + 1 < free.length && off + size === free[i + 1]!.off) {
    free[i]!.size += free[i + 1]!.size;
    free.splice(i + 1, 1);
  }
  if (i > 0 && free[i - 1]!.off + free[i - 1]!.size === off) {
    free[i - 1]!.size += free[i]!.size;
    free.splice(i, 1);
    i--;
  }
  const last = free[free.length - 1];
  if (last && last.off + last.size === top) {
    top = last.off;
    free.pop();
  }
}

export function heapStats(): { liveBytes: number; liveBuffers: number; capacity: number; pending: number; peakBytes: number } {
  collect();
  return { liveBytes, liveBuffers, capacity, pending: deferred.length, peakBytes };
}

/** Internal: forget everything (after shutdown). */
export function resetHeapAccounting(): void {
  free = [];
  deferred.length = 0;
}
