// `npm pack` yields a package that works when installed into another project: built JS, .d.ts
// types and the worker entry, with nothing read from this checkout.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatHeader } from '../src/io/npy.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('npm package', () => {
  it('installs into a fresh project and runs jit on its workers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jaxpool-pack-'));
    const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
    npm(['pack', '--pack-destination', dir], root);
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const proj = join(dir, 'app');
    execFileSync('mkdir', ['-p', proj]);
    writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tgz)], proj);
    const pkg = join(proj, 'node_modules', 'jaxpool');
    expect(existsSync(join(pkg, 'dist', 'workers', 'device.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'src', 'index.d.ts'))).toBe(true);
    writeFileSync(
      join(proj, 'main.mjs'),
      `import * as jp from 'jaxpool';
       const x = jp.numpy.array(new Float32Array([0.5, 1, 2]));
       const y = jp.jit((a) => jp.numpy.sin(a).mul(a))(x);
       const g = jp.grad((a) => jp.numpy.sum(a.mul(a)))(x);
       console.log(JSON.stringify([Array.from(y.dataSync()), Array.from(g.dataSync()), jp.devices().length]));`,
    );
    const out = execFileSync(process.execPath, ['main.mjs'], { cwd: proj, encoding: 'utf8', timeout: 60_000 });
    const [y, g, n] = JSON.parse(out) as [number[], number[], number];
    expect(y).toEqual([0.5, 1, 2].map((v) => Math.fround(Math.fround(Math.sin(v)) * v)));
    expect(g).toEqual([1, 2, 4]);
    expect(n).toBeGreaterThan(0);
    // The `jaxpool` bin from the installed package (built JS, plain node): a batch job end to end.
    writeFileSync(join(proj, 'model.mjs'), `import { numpy as jnp } from 'jaxpool';\nexport const f = (x) => jnp.sin(x).mul(x);\n`);
    writeFileSync(join(proj, 'x.npy'), Buffer.concat([formatHeader('float32', [3]), Buffer.from(Float32Array.of(0.5, 1, 2).buffer)]));
    const summary = execFileSync(join(proj, 'node_modules', '.bin', 'jaxpool'), ['batch', 'model.mjs', '--fn', 'f', '--in', 'x.npy', '--out', 'y.npy', '--json'], { cwd: proj, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(summary.trim().split('\n').pop()!)).toMatchObject({ rows: 3, batches: 1 });
    const yNpy = readFileSync(join(proj, 'y.npy'));
    expect(Array.from(new Float32Array(yNpy.buffer.slice(yNpy.byteOffset + 128, yNpy.byteOffset + yNpy.length)))).toEqual(y);
  }, 300_000);
});
