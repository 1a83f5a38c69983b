// The transfer ledger: every host↔device crossing, callback and host wait, counted.
export interface TransferStats {
  hostToDevice: { count: number; bytes: number };
  deviceToHost: { count: number; bytes: number };
  copies: number;
  zeroCopyViews: number;
  callbacks: { count: number; hostMs: number };
  syncs: { count: number; waitMs: number };
  /** Programs launched on devices (one per kernel launch; a split launch counts each part). */
  launches: number;
}

function empty(): TransferStats {
  return {
    hostToDevice: { count: 0, bytes: 0 },
    deviceToHost: { count: 0, bytes: 0 },
    copies: 0,
    zeroCopyViews: 0,
    callbacks: { count: 0, hostMs: 0 },
    syncs: { count: 0, waitMs: 0 },
    launches: 0,
  };
}

let stats = empty();

export function recordTransfer(direction: 'hostToDevice' | 'deviceToHost', bytes: number, copied: boolean): void {
  stats[direction].count++;
  stats[direction].bytes += bytes;
  if (copied) stats.copies++;
  else stats.zeroCopyViews++;
}

export function recordCallback(hostMs: number): void {
  stats.callbacks.count++;
  stats.callbacks.hostMs += hostMs;
}

export function recordLaunch(): void {
  stats.launches++;
}

export function recordSync(waitMs: number): void {
  stats.syncs.count++;
  stats.syncs.waitMs += waitMs;
}

/** The transfer ledger: counts of every device↔host sync and copy (see API.md, "Transfers"). */
export const transfers = {
  /** A snapshot of the counters since the last reset. */
  stats(): TransferStats {
    return structuredClone(stats);
  },
  /** Zeroes the counters. */
  reset(): void {
    stats = empty();
  },
};
