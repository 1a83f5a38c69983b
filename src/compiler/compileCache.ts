// A compile cache bounded by config `compileCacheSize`: past it, the least recently used entries
// go (a quarter of them at once, so a hit costs one store and eviction stays amortised O(1)), and
// `evicted` lets their programs be unloaded from the workers.
import { config } from '../core/config.js';

interface Slot<V> {
  value: V;
  used: number;
}

/** A cache of compiled programs by signature, LRU-bounded by config `compileCacheSize`. */
export class CompileCache<V> {
  private readonly map = new Map<string, Slot<V>>();
  private clock = 0;
  constructor(private readonly evicted?: (value: V) => void) {}

  get(key: string): V | undefined {
    const s = this.map.get(key);
    if (s === undefined) return undefined;
    s.used = ++this.clock;
    return s.value;
  }

  set(key: string, value: V): void {
    this.map.set(key, { value, used: ++this.clock });
    if (this.map.size > config.values.compileCacheSize) this.shrink();
  }

  get size(): number {
    return this.map.size;
  }

  private shrink(): void {
    const keep = Math.floor((config.values.compileCacheSize * 3) / 4);
    const byAge = [...this.map].sort((a, b) => a[1].used - b[1].used);
    for (let i = 0; i < byAge.length - keep; i++) {
      const [key, slot] = byAge[i]!;
      this.map.delete(key);
      this.evicted?.(slot.value);
    }
  }
}
