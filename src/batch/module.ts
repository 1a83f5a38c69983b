// The user's module: resolved (a file path, or an installed package name), hashed (so a worker on
// another machine can tell it runs the same version), imported, and the named export checked.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BatchInputError } from './errors.js';
import type { BatchFunction } from './types.js';

/** A resolved module: what was asked for, the file it resolved to, and that file's content hash. */
export interface ModuleRef {
  /** As given: a path (made absolute) or a package name. */
  spec: string;
  path: string;
  hash: string;
}

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || /\.[cm]?[jt]sx?$/.test(spec) || spec.includes('\\');
}

/** The first 16 hex digits of the SHA-256 of a file. */
export function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}

/** Resolve `spec` from `cwd`: a path must exist; a package name resolves as `import` would. */
export function resolveModule(spec: string, cwd = process.cwd()): ModuleRef {
  if (looksLikePath(spec)) {
    const path = resolve(cwd, spec);
    if (!existsSync(path) || !statSync(path).isFile()) throw new BatchInputError(`module ${spec} not found (looked for ${path}); give the path of an ES module file.`);
    return { spec: path, path, hash: fileHash(path) };
  }
  let path: string | undefined;
  try {
    path = createRequire(join(cwd, 'noop.js')).resolve(spec);
  } catch {
    // An ESM-only package has no `require` condition; resolve it as an import instead.
    try {
      const url = import.meta.resolve(spec);
      if (url.startsWith('file:')) path = new URL(url).pathname;
    } catch {
      path = undefined;
    }
  }
  if (!path) throw new BatchInputError(`module ${spec} not found: it is neither a file nor a package installed here; give a path (./model.js) or npm install it.`);
  return { spec, path, hash: fileHash(path) };
}

/** Import a resolved module and return its export `name`, which must be a function. */
export async function loadExport(ref: ModuleRef, name: string): Promise<BatchFunction> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(ref.path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new BatchInputError(`module ${ref.spec} failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, { cause: e });
  }
  if (!(name in mod)) {
    const names = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    throw new BatchInputError(`module ${ref.spec} has no export '${name}'${names.length ? ` (its functions: ${names.join(', ')})` : ''}; pass one with --fn.`);
  }
  const f = mod[name];
  if (typeof f !== 'function') throw new BatchInputError(`export '${name}' of ${ref.spec} is ${f === null ? 'null' : `a ${typeof f}`}, not a function; --fn must name a function of one row.`);
  return f as BatchFunction;
}
