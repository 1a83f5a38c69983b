// How an FFT of length n is computed: a mixed-radix Stockham FFT when n's prime factors are all
// small (radix 4 while it can, then 2, 3, 5, 7, 11, 13), else Bluestein's chirp-z transform as a
// convolution through power-of-two FFTs of length m ≥ 2n − 1.

/** Largest prime computed by a direct radix pass (larger prime factors go through Bluestein). */
export const MAX_RADIX = 13;

/** One FFT length's algorithm. */
export type FftPlan =
  | { kind: 'stockham'; n: number; radices: number[] }
  | { kind: 'bluestein'; n: number; m: number; radices: number[] };

/** The radices of a Stockham FFT of length n (4s first, then 2, then odd primes ascending), or null when a prime factor exceeds MAX_RADIX. */
export function radices(n: number): number[] | null {
  const out: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    out.push(4);
    rest /= 4;
  }
  if (rest % 2 === 0) {
    out.push(2);
    rest /= 2;
  }
  for (let p = 3; p <= MAX_RADIX && rest > 1; p += 2)
    while (rest % p === 0) {
      out.push(p);
      rest /= p;
    }
  return rest === 1 ? out : null;
}

/** The plan for length n ≥ 2. */
export function fftPlan(n: number): FftPlan {
  const r = radices(n);
  if (r) return { kind: 'stockham', n, radices: r };
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  return { kind: 'bluestein', n, m, radices: radices(m)! };
}
