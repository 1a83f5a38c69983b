// The API-coverage table (issue 16's done-means) cannot go stale: README's block and
// docs/coverage.md are what `npm run coverage` would write now, and the table counts right.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  README_BEGIN,
  README_END,
  camelCase,
  computeCoverage,
  coverageDoc,
  currentCoverage,
  paths,
  readmeBlock,
  withReadmeBlock,
} from '../../docs/coverage/generate.js';

describe('the API-coverage table', () => {
  it("README's coverage block is what `npm run coverage` writes now", () => {
    const readme = readFileSync(paths.readme, 'utf8');
    expect(readme, 'README.md is stale: run npm run coverage').toBe(withReadmeBlock(readme, readmeBlock(currentCoverage())));
    expect(readme.indexOf(README_BEGIN)).toBeGreaterThan(0);
    expect(readme.indexOf(README_END)).toBeGreaterThan(readme.indexOf(README_BEGIN));
  });

  it('docs/coverage.md is what `npm run coverage` writes now', () => {
    expect(readFileSync(paths.doc, 'utf8'), 'docs/coverage.md is stale: run npm run coverage').toBe(coverageDoc(currentCoverage()));
  });

  it("counts jaxpool's exports against JAX's names: camelCase, declared JAX names, sub-namespaces apart", () => {
    expect(['expand_dims', 'sin_p', 'atleast_1d', 'PRNGKey', 'bool_'].map(camelCase)).toEqual(['expandDims', 'sinP', 'atleast1d', 'PRNGKey', 'bool_']);
    const pkg = { numpy: { add: () => 0, expandDims: () => 0, trueDivideFast: () => 0, linalg: { inv: () => 0 }, extra: 1, absent: undefined }, lax: {} };
    const names = { numpy: ['add', 'expand_dims', 'true_divide', 'sum'], 'numpy.linalg': ['inv', 'det'], lax: ['add'], nn: ['relu'] };
    const cov = computeCoverage(names, pkg, new Map([['true_divide', 'trueDivideFast']]));
    expect(cov).toEqual([
      { namespace: 'numpy', exported: true, total: 4, implemented: [['add', 'add'], ['expand_dims', 'expandDims'], ['true_divide', 'trueDivideFast']], missing: ['sum'], extra: ['extra'] },
      { namespace: 'numpy.linalg', exported: true, total: 2, implemented: [['inv', 'inv']], missing: ['det'], extra: [] },
      { namespace: 'lax', exported: true, total: 1, implemented: [], missing: ['add'], extra: [] },
      { namespace: 'nn', exported: false, total: 1, implemented: [], missing: ['relu'], extra: [] },
    ]);
    expect(readmeBlock(cov)).toContain('| `jax.numpy` | `numpy` | 4 | 3 (75%) | 1 |');
    expect(readmeBlock(cov)).toContain('| `jax.nn` | — | 1 | 0 (0%) | 1 |');
  });

  it("today's jnp and lax: every export is one of JAX's names", () => {
    const cov = currentCoverage();
    const numpy = cov.find((c) => c.namespace === 'numpy')!;
    const lax = cov.find((c) => c.namespace === 'lax')!;
    expect(numpy.extra).toEqual([]);
    expect(lax.extra).toEqual([]);
    expect(numpy.implemented).toContainEqual(['expand_dims', 'expandDims']);
    expect(lax.implemented).toContainEqual(['sin_p', 'sinP']);
  });
});
