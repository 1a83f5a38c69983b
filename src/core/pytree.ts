// Pytrees: arrays and numbers are leaves; plain arrays, plain objects and null are containers.
import { Array } from './array.js';
import { JaxpoolError } from './errors.js';

/**
 * A pytree with leaves of type `L`: a leaf, `null`/`undefined` (JAX's `None`), or a list or plain
 * object of pytrees (JAX's lists, tuples and dicts). Transformations take and return pytrees.
 */
export type PyTree<L = unknown> = L | null | undefined | PyTree<L>[] | { [k: string]: PyTree<L> };

/** JAX's `PyTreeDef`: the structure of a flattened pytree, enough to rebuild it (prints as `[*, {a: *}]`). */
export class TreeDef {
  constructor(
    readonly kind: 'leaf' | 'none' | 'array' | 'object' | 'custom',
    readonly children: TreeDef[] = [],
    readonly keys: string[] = [],
    /** A registered node's class and its flatten's static data (kind 'custom'). */
    readonly node?: { type: PytreeNodeType; aux: unknown },
  ) {}
  /** How many leaves the structure holds. */
  get numLeaves(): number {
    return this.kind === 'leaf' ? 1 : this.children.reduce((n, c) => n + c.numLeaves, 0);
  }
  /** The same structure (kinds, object keys and children). */
  equals(o: TreeDef): boolean {
    return (
      this.kind === o.kind &&
      this.keys.length === o.keys.length &&
      this.keys.every((k, i) => k === o.keys[i]) &&
      this.children.length === o.children.length &&
      this.children.every((c, i) => c.equals(o.children[i]!)) &&
      this.node?.type === o.node?.type &&
      auxKey(this.node?.aux) === auxKey(o.node?.aux)
    );
  }
  /** JAX-like text: `*` a leaf, `None`, `[…]` a list, `{k: …}` an object. */
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
      case 'custom':
        return `${this.node!.type.name}(${this.children.join(', ')})`;
    }
  }
}

/** How a registered class flattens to children (pytrees) and static data, and rebuilds. */
export interface PytreeNodeType {
  readonly name: string;
  flatten(x: unknown): [unknown[], unknown];
  unflatten(aux: unknown, children: unknown[]): unknown;
}

const nodeTypes = new Map<abstract new (...args: never[]) => unknown, PytreeNodeType>();
const auxKey = (aux: unknown): string => JSON.stringify(aux ?? null);

/**
 * JAX's `register_pytree_node`: instances of `cls` become pytree containers, flattened by
 * `flatten(x) → [children, aux]` (aux: static, JSON-comparable data) and rebuilt by
 * `unflatten(aux, children)`, so they pass through jit, vmap and grad (typed PRNG keys use it).
 */
export function registerPytreeNode<T>(cls: abstract new (...args: never[]) => T, flatten: (x: T) => [unknown[], unknown], unflatten: (aux: unknown, children: unknown[]) => T): void {
  nodeTypes.set(cls, { name: cls.name, flatten: flatten as (x: unknown) => [unknown[], unknown], unflatten });
}

function nodeTypeOf(t: object): PytreeNodeType | undefined {
  return nodeTypes.size === 0 ? undefined : nodeTypes.get(Object.getPrototypeOf(t)?.constructor);
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
    const type = typeof t === 'object' ? nodeTypeOf(t) : undefined;
    if (type) {
      const [children, aux] = type.flatten(t);
      return new TreeDef('custom', children.map(go), [], { type, aux });
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
      case 'custom':
        return d.node!.type.unflatten(d.node!.aux, d.children.map(go));
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

/**
 * JAX's `jax.tree_util`: flatten a pytree to its leaves and structure, rebuild it, map over leaves.
 * Leaves are arrays and any non-container value; lists, plain objects and `null` are containers
 * (object keys in sorted order, as JAX sorts dict keys).
 *
 * @example
 * ```ts
 * const [leaves, def] = treeUtil.treeFlatten({ b: [1, 2], a: x });   // [x, 1, 2], {a: *, b: [*, *]}
 * treeUtil.treeUnflatten(def, leaves);                                 // { a: x, b: [1, 2] }
 * treeUtil.treeMap((v) => jnp.multiply(v, 2), { w: x, b: [1] });      // { w: 2x, b: [Array(2)] }
 * ```
 */
export const treeUtil = {
  /** JAX's `tree_flatten`: `[leaves, treedef]`. */
  treeFlatten,
  /** JAX's `tree_unflatten`: the pytree of `treedef`'s structure with these leaves. */
  treeUnflatten,
  /** JAX's `tree_map`: `fn` applied to each leaf (and the matching leaves of `rest`, of the same structure). */
  treeMap,
  /** JAX's `tree_leaves`: the leaves in flattening order. */
  treeLeaves,
  /** JAX's `register_pytree_node`: make a class a pytree container. */
  registerPytreeNode,
};
