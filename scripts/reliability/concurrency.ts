// Concurrency: many async callers on every device at once — jitted calls whose callbacks return
// Promises, in flight together (Promise.all), in zero-copy and copy modes — must all return the
// right values; ordered io callbacks keep program order across devices; failing io callbacks
// surface exactly once each at effectsBarrier().
import * as jp from '../../src/index.js';
import { type Tally, attempt, describeError } from './common.js';
import { rng } from './faults.js';
import { stepEnd, stepStart } from './watchdog.js';

const jnp = jp.numpy;
const SECTION = 'concurrency';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `callers` async calls per device, each with a Promise callback of random delay. */
async function asyncCallers(t: Tally, callers: number, mode: 'zero-copy' | 'copy', seed: number): Promise<void> {
  jp.config.update('transferMode', mode);
  const r = rng(seed);
  const delays = Array.from({ length: callers * jp.devices().length }, () => Math.floor(r() * 4));
  const f = jp.jit((x: jp.Array, d: jp.Array) =>
    jp.pureCallback(async (a: jp.NdArray, ms: jp.NdArray) => (await sleep(Number(ms.get(0))), a.multiply(3)), new jp.ShapeDtypeStruct(x.shape, x.dtype), [x, d]).add(1),
  );
  const what = `${callers} async callers × ${jp.devices().length} devices, ${mode}`;
  stepStart(what);
  const o = await attempt(() =>
    Promise.all(
      delays.map(async (ms, i) => {
        const dev = jp.devices()[i % jp.devices().length]!;
        const x = jp.devicePut(jnp.array([i, -i], { dtype: 'float32' }), dev);
        const got = Array.from(await f(x, jp.devicePut(jnp.array([ms], { dtype: 'int32' }), dev)).data());
        t.cases++;
        if (got[0] !== 3 * i + 1 || got[1] !== -3 * i + 1) t.fail({ section: SECTION, kind: 'wrong result', what: `caller ${i}: ${got}, want ${[3 * i + 1, -3 * i + 1]}`, repro: what });
      }),
    ),
  );
  stepEnd();
  t.waited(o.ms, what);
  if (!o.ok) t.fail({ section: SECTION, kind: 'undocumented error', what: describeError(o.error), repro: what });
  jp.config.update('transferMode', 'zero-copy');
}

/** Ordered io callbacks from calls alternating devices keep program order. */
async function orderedIo(t: Tally, calls: number): Promise<void> {
  const log: number[] = [];
  const f = jp.jit((x: jp.Array) => {
    jp.ioCallback((a: jp.NdArray) => void log.push(Number(a.get(0))), null, [x], { ordered: true });
    return x.mul(2);
  });
  const what = `${calls} ordered io callbacks across devices`;
  stepStart(what);
  const o = await attempt(async () => {
    const outs = Array.from({ length: calls }, (_, i) => f(jp.devicePut(jnp.array([i], { dtype: 'int32' }), jp.devices()[i % jp.devices().length]!)));
    await jp.effectsBarrier();
    return outs.map((y) => y.dataSync()[0]);
  });
  stepEnd();
  t.cases += calls;
  t.waited(o.ms, what);
  if (!o.ok) return t.fail({ section: SECTION, kind: 'undocumented error', what: describeError(o.error), repro: what });
  const firstOff = log.findIndex((v, i) => v !== i);
  if (log.length !== calls || firstOff >= 0) t.fail({ section: SECTION, kind: 'wrong result', what: `order broken: ${log.length} calls logged, first out of place at ${firstOff}`, repro: what });
  if (o.value.some((v, i) => v !== 2 * i)) t.fail({ section: SECTION, kind: 'wrong result', what: 'results of the ordered program are wrong', repro: what });
}

/** `calls` io callbacks of which every third throws: each failure surfaces exactly once. */
async function failingIo(t: Tally, calls: number): Promise<void> {
  const f = jp.jit((x: jp.Array) => {
    jp.ioCallback((a: jp.NdArray) => {
      const v = Number(a.get(0));
      if (v % 3 === 0) throw new Error(`io failure ${v}`);
    }, null, [x]);
    return x.add(1);
  });
  const what = `${calls} io callbacks, every third throwing, nothing read`;
  stepStart(what);
  const expected = new Set(Array.from({ length: calls }, (_, i) => i).filter((i) => i % 3 === 0).map((i) => `io failure ${i}`));
  const seen: string[] = [];
  const collect = (e: unknown) => {
    const errs = e instanceof jp.CallbackError && e.cause instanceof AggregateError ? (e.cause.errors as unknown[]) : [e];
    for (const x of errs) seen.push(((x as Error).cause as Error | undefined)?.message ?? (x as Error).message);
  };
  for (let i = 0; i < calls; i++) f(jp.devicePut(jnp.array([i], { dtype: 'int32' }), jp.devices()[i % jp.devices().length]!));
  for (let k = 0; k < 3; k++) await jp.effectsBarrier().catch(collect);
  stepEnd();
  t.cases += calls;
  const dup = seen.filter((m, i) => seen.indexOf(m) !== i);
  const lost = [...expected].filter((m) => !seen.includes(m));
  if (lost.length) t.fail({ section: SECTION, kind: 'error lost', what: `${lost.length} io failures never surfaced (${lost.slice(0, 3).join('; ')})`, repro: what });
  if (dup.length) t.fail({ section: SECTION, kind: 'error lost', what: `${dup.length} io failures surfaced twice`, repro: what });
  if (seen.length > expected.size + dup.length) t.fail({ section: SECTION, kind: 'wrong result', what: `unexpected errors: ${seen.filter((m) => !expected.has(m)).slice(0, 3)}`, repro: what });
}

/** Failed pure callbacks in flight together: each read raises its own error. */
async function failingPure(t: Tally, calls: number): Promise<void> {
  const f = jp.jit((x: jp.Array) =>
    jp.pureCallback(async (a: jp.NdArray) => {
      throw new Error(`pure failure ${Number(a.get(0))}`);
    }, new jp.ShapeDtypeStruct([1], 'int32'), [x]),
  );
  const what = `${calls} failing Promise callbacks in flight`;
  stepStart(what);
  const outs = Array.from({ length: calls }, (_, i) => f(jp.devicePut(jnp.array([i], { dtype: 'int32' }), jp.devices()[i % jp.devices().length]!)));
  const results = await Promise.all(outs.map((o) => o.data().then(() => null, (e: unknown) => e)));
  stepEnd();
  t.cases += calls;
  results.forEach((e, i) => {
    const msg = e instanceof jp.CallbackError ? ((e.cause as Error | undefined)?.message ?? e.message) : '';
    if (!msg.includes(`pure failure ${i}`)) t.fail({ section: SECTION, kind: 'error lost', what: `call ${i}: ${e === null ? 'returned a value' : describeError(e)}`, repro: what });
  });
}

/** The concurrency section. */
export async function concurrency(t: Tally, opts: { callers: number; seed: number }): Promise<void> {
  for (const mode of ['zero-copy', 'copy'] as const) await asyncCallers(t, opts.callers, mode, opts.seed);
  await orderedIo(t, opts.callers);
  await failingIo(t, opts.callers);
  await failingPure(t, opts.callers);
}
