// A Map that forgets its oldest entries past a size, for in-process caches
// keyed by client identifiers (refusals, blocks): a client rotating
// identifiers must not grow a runtime's memory without bound.
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly maxSize: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxSize) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
