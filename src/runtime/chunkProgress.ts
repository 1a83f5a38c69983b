// Reading a shared launch's output as it is computed (protocol RUN_SHARED): the parts mark each
// finished chunk in the launch's control block, and a read copies finished chunks out while the
// parts compute the rest. With every core computing, the copy after the wait otherwise runs
// alone while a core idles.
import * as P from './protocol.js';
import { heapViews, type HeapBuffer } from './heap.js';

/**
 * How many times the parts wake a reader per launch. Each wake takes a core from a device for a
 * while; on 2 cores, 4 wakes (the last at the end) measured best for a 4 MB result (8 gained
 * nothing, 16 lost time).
 */
const WAKES = 4;

/**
 * Reads of smaller outputs wait and copy once: their copy is too short to pay for waking the host
 * during the launch (measured on 2 cores: 0.5–1.6 MB lost up to 0.2 ms, 2.4 MB broke even, 4 MB
 * gained 0.25 ms and 8 MB 0.3–0.9 ms).
 */
export const CHUNKED_READ_BYTES = 2 << 20;

export class ChunkProgress {
  constructor(
    /** The scratch holding the control block; freed once the parts are done. */
    private readonly scratch: HeapBuffer,
    /** The control block's byte offset in the heap. */
    private readonly control: number,
    readonly chunks: number,
    readonly chunkBytes: number,
  ) {}

  /** Ask the parts to ring the host bell as chunks finish. */
  watch(): void {
    // Only while the block is ours: once the parts are done the heap may hand it out again.
    if (!this.scratch.isFreed) heapViews().i32[(this.control >>> 2) + P.SHARED_RING_EVERY] = Math.ceil(this.chunks / WAKES);
  }

  /** Whether chunk `c` is finished (every one is once the block was freed). */
  isDone(c: number): boolean {
    return this.scratch.isFreed || Atomics.load(heapViews().i32, (this.control >>> 2) + P.SHARED_DONE + c) === 1;
  }
}

/**
 * Copies `buf` into the host array `out` (of the same bytes) chunk by chunk, as the chunks finish;
 * from its construction the parts ring the host bell now and then.
 */
export class ChunkedCopy<T extends ArrayBufferView> {
  private copied = 0;
  private readonly bytes: Uint8Array;
  constructor(
    private readonly buf: HeapBuffer,
    private readonly progress: ChunkProgress,
    private readonly out: T,
  ) {
    this.bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    progress.watch();
  }

  /** Copy the chunks finished so far, in order (a wait's wake-up hook). */
  readonly copyFinished = (): void => this.copyWhile(false);

  /** Copy the rest, once the launch is done. */
  finish(): T {
    this.copyWhile(true);
    return this.out;
  }

  private copyWhile(all: boolean): void {
    const { chunks, chunkBytes } = this.progress;
    const from = this.copied;
    let to = from;
    while (to < chunks && (all || this.progress.isDone(to))) to++;
    if (to === from) return;
    const lo = from * chunkBytes;
    const hi = Math.min(this.buf.nbytes, to * chunkBytes);
    // One set() per run of finished chunks: a memcpy.
    this.bytes.set(heapViews().u8.subarray(this.buf.offset + lo, this.buf.offset + hi), lo);
    this.copied = to;
  }
}
