// Shared by the eigensolver tests (real and complex): eigenvalues matched as multisets and
// eigenvectors compared up to a unit complex factor, on [re, im] pairs read back to JS.
import { expect } from 'vitest';

/** Complex numbers as [re, im] pairs. */
export type C = [number, number];
export const planes = (re: number[], im: number[]): C[] => re.map((r, i) => [r, im[i]!]);
export const dist = (a: C, b: C) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** For each wanted eigenvalue, the index of the nearest unmatched one in `got` (greedy, wanted in order); the match must be within `tol`. */
export function matchEigenvalues(got: C[], want: C[], tol: number, what: string): number[] {
  const used = new Set<number>();
  return want.map((w, k) => {
    let best = -1;
    got.forEach((g, i) => {
      if (!used.has(i) && (best < 0 || dist(g, w) < dist(got[best]!, w))) best = i;
    });
    expect(dist(got[best]!, w), `${what}: eigenvalue ${k} (${w}) vs ${got[best]}`).toBeLessThanOrEqual(tol);
    used.add(best);
    return best;
  });
}

/** Column j of an n×n matrix stack's matrix `b`, as complex numbers. */
export const column = (re: number[], im: number[], n: number, b: number, j: number): C[] => Array.from({ length: n }, (_, i) => [re[b * n * n + i * n + j]!, im[b * n * n + i * n + j]!]);

/** ‖x − α y‖ for the unit α that minimises it (x, y unit vectors): 0 when they agree up to phase. */
export function phaseDistance(x: C[], y: C[]): number {
  // α = ⟨y, x⟩ / |⟨y, x⟩|.
  let [re, im] = [0, 0];
  x.forEach((xi, i) => {
    const yi = y[i]!;
    re += yi[0] * xi[0] + yi[1] * xi[1];
    im += yi[0] * xi[1] - yi[1] * xi[0];
  });
  const m = Math.hypot(re, im) || 1;
  const [ar, ai] = [re / m, im / m];
  return Math.sqrt(x.reduce((s, xi, i) => s + dist(xi, [ar * y[i]![0] - ai * y[i]![1], ar * y[i]![1] + ai * y[i]![0]]) ** 2, 0));
}

/** Whether the eigenvalues are pairwise more than `gap` apart. */
export const distinct = (w: C[], gap: number) => w.every((a, i) => w.every((b, j) => i === j || dist(a, b) > gap));
