// Pytrees: arrays and numbers are leaves; plain arrays, plain objects and null are containers.
import { Array, type ArrayLike } from './array.js';
import { JaxpoolError } from './errors.js';

export type PyTree<L = unknown> = L | null | undefined | PyTree<L>[] | { [k: string]: PyTree<L> };
/** A pytree of arrays as a caller may give it: any array leaf may be a host value (a JS number, a nested array…). */
export type HostTree<T> = T extends Array ? ArrayLike : T extends readonly unknown[] ? { [K in keyof T]: HostTree<T[K]> } : T extends object ? { [K in keyof T]: HostTree<T[K]> } : T;

/** The structure of a flattened pytree, enough to rebuild it. */
export class TreeDef {
  constructor(
    readonly kind: 'leaf' | 'none' | 'array' | 'object',
    readonly children: TreeDef[] = [],
    readonly keys: string[] = [],
  ) {}
  get numLeaves(): number {
    return this.kind === 'leaf' ? 1 : this.children.reduce((n, c) => n + c.numLeaves, 0);
  }
  equals(o: TreeDef): boolean {
    return (
      this.kind === o.kind &&
      this.keys.length === o.keys.length &&
      this.keys.every((k, i) => k === o.keys[i]) &&
      this.children.length === o.children.length &&
      this.children.every((c, i) => c.equals(o.children[i]!))
    );
  }
  toString(): string {
    switch (this.kind) {
      case 'leaf':
        return '*';
      case 'none':
        return 'None';
      case 'array':
        return `[${this.children.join(', ')}]`;
      case 'object':
        return `{${this.keys.map((k, i) => `${k}: ${this.children[i]}`).join(', ')}}`;
    }
  }
}

/** A plain object (`{…}`): a pytree container, or a trailing options object of a call. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

export function treeFlatten<L = unknown>(tree: unknown): [L[], TreeDef] {
  const leaves: L[] = [];
  const go = (t: unknown): TreeDef => {
    if (t === null || t === undefined) return new TreeDef('none');
    if (t instanceof Array) {
      leaves.push(t as L);
      return new TreeDef('leaf');
    }
    if (globalThis.Array.isArray(t)) return new TreeDef('array', t.map(go));
    if (isPlainObject(t)) {
      const keys = Object.keys(t).sort();
      return new TreeDef('object', keys.map((k) => go(t[k])), keys);
    }
    leaves.push(t as L);
    return new TreeDef('leaf');
  };
  const def = go(tree);
  return [leaves, def];
}

export function treeUnflatten<T = unknown>(def: TreeDef, leaves: readonly unknown[]): T {
  if (def.kind === 'leaf' && leaves.length === 1) return leaves[0] as T;
  let i = 0;
  const go = (d: TreeDef): unknown => {
    switch (d.kind) {
      case 'leaf':
        return leaves[i++];
      case 'none':
        return null;
      case 'array':
        return d.children.map(go);
      case 'object':
        return Object.fromEntries(d.keys.map((k, j) => [k, go(d.children[j]!)]));
    }
  };
  const out = go(def);
  if (i !== leaves.length) throw new JaxpoolError(`treeUnflatten: structure ${def} has ${i} leaves but ${leaves.length} were given.`);
  return out as T;
}

export function treeLeaves<L = unknown>(tree: unknown): L[] {
  return treeFlatten<L>(tree)[0];
}

export function treeMap(fn: (...leaves: unknown[]) => unknown, tree: unknown, ...rest: unknown[]): unknown {
  const [leaves, def] = treeFlatten(tree);
  const others = rest.map((r) => {
    const [l, d] = treeFlatten(r);
    if (!d.equals(def)) throw new JaxpoolError(`treeMap: structures differ: ${def} vs ${d}.`);
    return l;
  });
  return treeUnflatten(def, leaves.map((l, i) => fn(l, ...others.map((o) => o[i]))));
}

export const treeUtil = { treeFlatten, treeUnflatten, treeMap, treeLeaves };
