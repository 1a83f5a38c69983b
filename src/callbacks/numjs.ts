// numjs, loaded on first use: it is about half of `import 'jaxpool'` (uglify-js, esprima and
// cwise come with it), and only host callbacks, deviceGet and numjs inputs need it. A synchronous
// require, because callbacks run synchronously; Node shares one instance of the CommonJS package
// between this require and a user's own `import '@d4c/numjs'`, so `instanceof` agrees.
import { createRequire } from 'node:module';
import type { NdArray } from '@d4c/numjs';
import type njModule from '@d4c/numjs';

/** The numjs namespace (`nj.array`, `nj.zeros`, …). */
export type NjNamespace = typeof njModule.default;
/** numjs's array class. */
export type NdArrayClass = typeof NdArray;

let loaded: { nj: NjNamespace; NdArray: NdArrayClass } | undefined;

/** numjs's namespace and array class, loading the package the first time. */
export function numjs(): { nj: NjNamespace; NdArray: NdArrayClass } {
  if (loaded === undefined) {
    const m = createRequire(import.meta.url)('@d4c/numjs') as { default?: NjNamespace; NdArray: NdArrayClass };
    loaded = { nj: m.default ?? (m as unknown as NjNamespace), NdArray: m.NdArray };
  }
  return loaded;
}

/** Whether numjs is loaded: until then no value can be a numjs array of this process's numjs. */
export const numjsLoaded = (): boolean => loaded !== undefined;

/** An object standing for numjs's namespace that loads it on first use (`nj.array(…)`). */
export const lazyNj: NjNamespace = new Proxy({} as NjNamespace, {
  get: (_, k) => Reflect.get(numjs().nj, k),
  has: (_, k) => Reflect.has(numjs().nj, k),
  ownKeys: () => Reflect.ownKeys(numjs().nj),
  getOwnPropertyDescriptor: (_, k) => {
    const d = Reflect.getOwnPropertyDescriptor(numjs().nj, k);
    return d && { ...d, configurable: true };
  },
});

/** A class standing for `make()`'s class, made on first use: `new`, `instanceof` and statics reach it. */
export function lazyClass<C extends abstract new (...args: never[]) => unknown>(make: () => C): C {
  // The target must be a constructor for the construct trap to apply; `newTarget` is a subclass's
  // constructor when one extends this stand-in, and the stand-in itself otherwise.
  const stand: C = new Proxy(function lazy() {} as unknown as C, {
    construct: (_, args, newTarget) => Reflect.construct(make() as never, args, newTarget === stand ? (make() as never) : newTarget),
    get: (_, k) => Reflect.get(make(), k),
    getPrototypeOf: () => Reflect.getPrototypeOf(make()),
  });
  return stand;
}
