// What adopting jaxpool costs before any computing: the packages `npm install` of the packed
// tarball brings into an empty project, their size on disk, and the time of `import 'jaxpool'`
// in a fresh process as a ratio to an empty Node start (goal ≤ 2×).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quantile } from './harness.js';
import { BUILT_JAXPOOL, ROOT } from './peers.js';

export interface ImportTime {
  /** Median wall ms of `node -e 0`. */
  emptyMs: number;
  /** Median wall ms of a fresh process that only imports jaxpool. */
  importMs: number;
  ratio: number;
  runs: number;
  /** What was imported: the installed tarball, or `dist/` when the install failed. */
  from: 'installed tarball' | 'dist';
}

export interface InstallSize {
  /** Packages under node_modules after `npm install jaxpool-x.y.z.tgz` (jaxpool included). */
  packages: number;
  /** Bytes of node_modules on disk. */
  bytes: number;
  tarballBytes: number;
  /** Whether npm could install from its cache alone. */
  offline: boolean;
}

export interface PackageMetrics {
  importTime: ImportTime;
  install: InstallSize | { error: string };
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 300_000): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr || r.stdout).trim().slice(-600)}`);
  return r.stdout;
}

/** Packs the package (from the current build) and installs the tarball into an empty project in `dir`. */
function install(dir: string): InstallSize {
  // The bench's own tsc build wrote unbundled modules over dist/src: bundle again, as `npm run
  // build` does, so the tarball holds what `npm publish` would (this runs after every cell).
  run(process.execPath, ['scripts/bundle.mjs'], ROOT);
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as { filename: string; size: number }[];
  const tarball = join(dir, packed[0]!.filename);
  const project = join(dir, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  const flags = ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];
  let offline = true;
  try {
    run('npm', [...flags, '--offline', tarball], project);
  } catch {
    offline = false;
    run('npm', [...flags, '--prefer-offline', tarball], project);
  }
  const lock = JSON.parse(readFileSync(join(project, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const packages = Object.keys(lock.packages).filter((k) => k.startsWith('node_modules/')).length;
  const bytes = Number(run('du', ['-sb', 'node_modules'], project).split('\t')[0]);
  return { packages, bytes, tarballBytes: packed[0]!.size, offline };
}

/** Wall ms of `node args` in `cwd`, started fresh. */
function wallMs(args: string[], cwd: string): number {
  const t0 = performance.now();
  run(process.execPath, args, cwd, 60_000);
  return performance.now() - t0;
}

/** Median wall times of an empty start and of an import of jaxpool, alternated over `runs` rounds. */
function importTime(project: string | undefined, runs: number): ImportTime {
  const cwd = project ?? ROOT;
  const specifier = project ? 'jaxpool' : pathToFileURL(BUILT_JAXPOOL).href;
  const empty: number[] = [];
  const imported: number[] = [];
  for (let i = 0; i < runs; i++) {
    empty.push(wallMs(['-e', '0'], cwd));
    imported.push(wallMs(['--input-type=module', '-e', `import ${JSON.stringify(specifier)};`], cwd));
  }
  const med = (a: number[]) => quantile(a.sort((p, q) => p - q), 0.5);
  const emptyMs = med(empty);
  const importMs = med(imported);
  return { emptyMs, importMs, ratio: importMs / emptyMs, runs, from: project ? 'installed tarball' : 'dist' };
}

/** Install size of the packed tarball, then import time of the installed package (of `dist/` if the install fails). */
export function packageMetrics(opts: { quick: boolean }): PackageMetrics {
  const dir = mkdtempSync(join(tmpdir(), 'jaxpool-bench-'));
  try {
    let installed: InstallSize | { error: string };
    try {
      installed = install(dir);
    } catch (e) {
      installed = { error: (e as Error).message };
    }
    const project = 'error' in installed ? undefined : join(dir, 'consumer');
    return { importTime: importTime(project, opts.quick ? 7 : 21), install: installed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
