// Deterministic inputs, the same in every cell and in the float64 references.

/** `(i mod 1000) / 1000` in float32: values in [0, 1). */
export function ramp(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (i % 1000) / 1000;
  return a;
}

/** A float32 array of `n` values spread over [lo, hi) by a fixed permutation (no two rows alike). */
export function spread(n: number, lo: number, hi: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + ((hi - lo) * ((i * 7919) % 2003)) / 2003;
  return a;
}

/** `n` float32 values uniform in [lo, hi) from the mulberry32 generator seeded with `seed`. */
export function uniform(n: number, seed: number, lo: number, hi: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    a[i] = lo + ((hi - lo) * ((t ^ (t >>> 14)) >>> 0)) / 4294967296;
  }
  return a;
}

/** Float64 copy of float32 data: references start from exactly the values the cells see. */
export function f64(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a);
}
