// The package as a user gets it (issue 20 items 1–3): `npm pack` of the built package is installed
// into a fresh project once, then checked from there — what the tarball holds, that installing it
// runs and warns about no script of ours, that it runs jit/grad and its `jaxpool` bin, that its
// bundled declarations compile in a strict consumer project (test/types/consumer.ts, where each
// line marked as an expected error must stay one) and contain no `any`, and that every example in the
// README runs against it and prints what the README shows.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHeader } from '../../src/io/npy.js';
import { readmeExamples } from './readme.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

interface PackFile {
  path: string;
  size: number;
}
let dir = '';
let app = '';
let installed = '';
let packed: PackFile[] = [];
let installLog = '';

/** Newest modification time under `path` (files only). */
function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

beforeAll(() => {
  // `npm pack` runs `prepack` (the build); CI has just built, so build here only when a source is
  // newer than the bundle, then pack without scripts.
  const bundle = join(root, 'dist', 'index.d.ts');
  const sources = Math.max(...['src', 'workers', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.dts.json'].map((p) => newest(join(root, p))));
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe', timeout: 300_000 });
  dir = mkdtempSync(join(tmpdir(), 'jaxpool-pack-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  packed = (JSON.parse(out) as { files: PackFile[] }[])[0]!.files;
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tgz)], { cwd: app, encoding: 'utf8', timeout: 240_000 });
  installLog = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`npm install of the tarball failed:\n${installLog}`);
  installed = join(app, 'node_modules', 'jaxpool');
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds what a user needs and nothing else', () => {
    const paths = packed.map((f) => f.path).sort();
    for (const need of ['LICENSE', 'README.md', 'package.json', 'dist/index.d.ts', 'dist/src/index.js', 'dist/src/bin/jaxpool.js', 'dist/workers/device.js']) expect(paths).toContain(need);
    const extra = paths.filter((p) => !['LICENSE', 'README.md', 'package.json', 'dist/index.d.ts'].includes(p) && !/^dist\/(src|workers)\/.+\.js$/.test(p));
    expect(extra).toEqual([]); // no source maps, per-file declarations, sources, tests or benches
    // Every module the entry points reach is shipped (no import of a file left out).
    for (const p of paths.filter((q) => q.endsWith('.js'))) {
      const code = readFileSync(join(installed, p), 'utf8');
      expect(code, `${p} names a source map`).not.toMatch(/sourceMappingURL/);
      for (const m of code.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) expect(existsSync(join(installed, p, '..', m[1]!)), `${p} imports ${m[1]}`).toBe(true);
    }
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
  });

  it('has the fields a registry page and a bug report need, and no install scripts', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\/.+\/issues$/);
    expect(pkg.keywords).toEqual(expect.arrayContaining(['jax', 'autodiff', 'jit', 'vmap']));
    expect(pkg.bin).toEqual({ jaxpool: './dist/src/bin/jaxpool.js' });
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/src/index.js' });
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts?.[s], s).toBeUndefined();
    // npm 11 lists packages whose install scripts ran unapproved: jaxpool must not be one.
    expect(installLog).not.toMatch(/jaxpool@[\d.]+ \(/);
    expect(readFileSync(join(installed, 'dist/src/bin/jaxpool.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs jit, grad and the jaxpool bin from the installed package', () => {
    writeFileSync(
      join(app, 'main.mjs'),
      `import { createRequire } from 'node:module';
       import * as jp from 'jaxpool';
       // numjs (half the import time) loads on first use: not for jit and grad, but for a callback.
       const numjsLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('numjs'));
       const x = jp.numpy.array(new Float32Array([0.5, 1, 2]));
       const y = jp.jit((a) => jp.numpy.sin(a).mul(a))(x);
       const g = jp.grad((a) => jp.numpy.sum(a.mul(a)))(x);
       const lazy = [numjsLoaded()];
       const z = jp.jit((a) => jp.pureCallback((v) => v.multiply(2), new jp.ShapeDtypeStruct([3], 'float32'), [a]))(x);
       lazy.push(numjsLoaded());
       console.log(JSON.stringify([y, g, jp.devices().length, lazy, z]));`,
    );
    const out = execFileSync(process.execPath, ['main.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    const [y, g, n, lazy, z] = JSON.parse(out) as [number[], number[], number, boolean[], number[]];
    expect(lazy).toEqual([false, true]);
    expect(z).toEqual([1, 2, 4]);
    expect(y).toEqual([0.5, 1, 2].map((v) => Math.fround(Math.fround(Math.sin(v)) * v)));
    expect(g).toEqual([1, 2, 4]);
    expect(n).toBeGreaterThan(0);
    // The `jaxpool` bin (built JS, plain node): a batch job end to end.
    writeFileSync(join(app, 'model.mjs'), `import { numpy as jnp } from 'jaxpool';\nexport const f = (x) => jnp.sin(x).mul(x);\n`);
    writeFileSync(join(app, 'x.npy'), Buffer.concat([formatHeader('float32', [3]), Buffer.from(Float32Array.of(0.5, 1, 2).buffer)]));
    const summary = execFileSync(join(app, 'node_modules', '.bin', 'jaxpool'), ['batch', 'model.mjs', '--fn', 'f', '--in', 'x.npy', '--out', 'y.npy', '--json'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(summary.trim().split('\n').pop()!)).toMatchObject({ rows: 3, batches: 1 });
    const yNpy = readFileSync(join(app, 'y.npy'));
    expect(Array.from(new Float32Array(yNpy.buffer.slice(yNpy.byteOffset + 128, yNpy.byteOffset + yNpy.length)))).toEqual(y);
  }, 120_000);

  it('has declarations that compile in a strict consumer project, with every @ts-expect-error an error', () => {
    cpSync(join(root, 'test', 'types', 'consumer.ts'), join(app, 'consumer.ts'));
    const examples = readmeExamples(readFileSync(join(root, 'README.md'), 'utf8')).filter((e) => e.lang === 'ts');
    examples.forEach((e, i) => writeFileSync(join(app, `readme-${i}.ts`), e.code));
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        exactOptionalPropertyTypes: false,
        noUncheckedIndexedAccess: false,
        skipLibCheck: false, // the bundled index.d.ts itself must type-check
        noEmit: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types')],
      },
      files: ['consumer.ts', ...examples.map((_, i) => `readme-${i}.ts`)],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8', timeout: 180_000 });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  }, 200_000);

  it('has one declaration file with no `any` and none of the internals', () => {
    const text = readFileSync(join(installed, 'dist', 'index.d.ts'), 'utf8');
    const file = ts.createSourceFile('index.d.ts', text, ts.ScriptTarget.ES2022, true);
    const anys: string[] = [];
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.AnyKeyword) anys.push(n.parent.getText().slice(0, 120));
      ts.forEachChild(n, visit);
    };
    visit(file);
    expect(anys).toEqual([]);
    // Internal machinery is not exported, and @internal members are stripped.
    const exported = new Set<string>();
    for (const st of file.statements) {
      if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) st.exportClause.elements.forEach((e) => exported.add(e.name.text));
      else if (ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        const name = (st as ts.DeclarationStatement).name;
        if (name && ts.isIdentifier(name)) exported.add(name.text);
        if (ts.isVariableStatement(st)) st.declarationList.declarations.forEach((d) => ts.isIdentifier(d.name) && exported.add(d.name.text));
      }
    }
    for (const internal of ['DeviceArray', 'Tracer', 'JaxprTracer', 'Primitive', 'definePrimitive', 'bind', 'arrayMethods', 'HeapBuffer', 'Executable']) expect(exported.has(internal), internal).toBe(false);
    expect(text).not.toMatch(/\bcloneGuard\b/);
    // The declared values are exactly the module's run-time exports.
    const values = new Set<string>();
    for (const st of file.statements) {
      // Imports re-exported (numjs's NdArray) are values when the module exports them at run time.
      if (ts.isImportDeclaration(st) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings))
        st.importClause.namedBindings.elements.forEach((e) => values.add(e.name.text));
      if (ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isModuleDeclaration(st) || ts.isEnumDeclaration(st)) st.name && values.add(st.name.text);
      if (ts.isVariableStatement(st)) st.declarationList.declarations.forEach((d) => ts.isIdentifier(d.name) && values.add(d.name.text));
    }
    const declaredValues = new Set<string>();
    for (const st of file.statements) {
      if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause))
        st.exportClause.elements.forEach((e) => values.has((e.propertyName ?? e.name).text) && declaredValues.add(e.name.text));
      else if (ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st)) && st.name) declaredValues.add(st.name.text);
        if (ts.isVariableStatement(st)) st.declarationList.declarations.forEach((d) => ts.isIdentifier(d.name) && declaredValues.add(d.name.text));
      }
    }
    const runtime = JSON.parse(execFileSync(process.execPath, ['-e', "import('jaxpool').then((m) => console.log(JSON.stringify(Object.keys(m))))"], { cwd: app, encoding: 'utf8', timeout: 60_000 })) as string[];
    expect([...declaredValues].sort()).toEqual([...runtime].sort());
  }, 120_000);
});

describe('the README', () => {
  it('has examples that run against the installed package and print what it shows', () => {
    const examples = readmeExamples(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(examples.filter((e) => e.lang === 'ts').length).toBeGreaterThanOrEqual(2);
    examples.forEach((e, i) => {
      const file = join(app, `run-${i}.${e.lang === 'ts' ? 'ts' : 'mjs'}`);
      writeFileSync(file, e.code);
      const r = spawnSync(bin('tsx'), [file], { cwd: app, encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr, `README example at line ${e.line}`).toBe('');
      expect(r.status, `README example at line ${e.line}`).toBe(0);
      if (e.output !== undefined) expect(r.stdout, `README example at line ${e.line}`).toBe(e.output);
    });
  }, 300_000);
});
