// Issue 20 item 2: `npm run docs` renders the API reference with TypeDoc from the JSDoc of every
// public export, and warns about none left undocumented (typedoc.json's notDocumented validation).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run docs', () => {
  it('generates the HTML reference with every public export documented', () => {
    const out = mkdtempSync(join(tmpdir(), 'jaxpool-docs-'));
    try {
      const r = spawnSync('npm', ['run', 'docs', '--', '--out', out], { cwd: root, encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
      const log = `${r.stdout}\n${r.stderr}`;
      expect(r.status, log).toBe(0);
      const undocumented = log.split('\n').filter((l) => /does not have any documentation/.test(l));
      expect(undocumented).toEqual([]);
      expect(log).not.toMatch(/\[error\]/);
      expect(existsSync(join(out, 'index.html'))).toBe(true);
      // The entries carry their JSDoc: JAX's name, the errors and an example.
      const grad = readFileSync(join(out, 'functions', 'grad.html'), 'utf8');
      expect(grad).toContain('jax.grad');
      expect(grad).toMatch(/TransformError/);
      expect(grad).toMatch(/Example/);
      expect(readFileSync(join(out, 'functions', 'shutdown.html'), 'utf8')).toMatch(/idempotent/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 320_000);
});
