// Progress of a batch job on stderr: a bar with rows/s and ETA on a terminal (cli-progress), plain
// lines every few seconds otherwise (logs, CI, pipes).
import cliProgress from 'cli-progress';
import type { BatchProgress } from './types.js';

/** Seconds between plain progress lines. */
const LINE_EVERY_S = 2;

export interface ProgressView {
  update(p: BatchProgress): void;
  /** A line that must not be torn by the bar. */
  note(message: string): void;
  stop(): void;
}

function eta(p: BatchProgress): string {
  const rate = p.rows / Math.max(p.seconds, 1e-9);
  if (!p.rows) return '?';
  const s = (p.rowsTotal - p.rowsDone) / rate;
  return s < 60 ? `${s.toFixed(0)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

/** A progress view on `stream` (stderr): a bar when it is a terminal, else plain lines. */
export function progressView(stream: NodeJS.WriteStream, prefix: string): ProgressView {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `${prefix} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta}`, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = { rate: Math.round(p.rows / Math.max(p.seconds, 1e-9)), eta: eta(p) };
        if (!started) bar.start(p.rowsTotal, p.rowsDone, payload);
        else bar.update(p.rowsDone, payload);
        started = true;
      },
      note(message) {
        stream.write(`\r\x1b[K${prefix}: ${message}\n`);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = -Infinity;
  return {
    update(p) {
      const now = performance.now() / 1000;
      if (now - last < LINE_EVERY_S && p.rowsDone < p.rowsTotal) return;
      last = now;
      const pct = p.rowsTotal ? ((100 * p.rowsDone) / p.rowsTotal).toFixed(1) : '100';
      stream.write(`${prefix}: ${p.rowsDone}/${p.rowsTotal} rows (${pct}%), ${Math.round(p.rows / Math.max(p.seconds, 1e-9))} rows/s, ETA ${eta(p)}\n`);
    },
    note(message) {
      stream.write(`${prefix}: ${message}\n`);
    },
    stop() {},
  };
}
