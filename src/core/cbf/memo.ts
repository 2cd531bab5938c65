/**
 * Bounded memos that keep recently used entries in two generations: a hit in the old generation moves to the
 * new one, and when the new one is full the old one is dropped. Memory stays bounded whatever the number of
 * rows, while the identities a sorted export revisits day after day stay cached.
 */
export class BoundedMemo<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly limit = 10_000) {}

  get(key: K, make: (key: K) => V): V {
    let value = this.current.get(key);
    if (value !== undefined) return value;
    value = this.previous.get(key);
    if (value === undefined) value = make(key);
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
    return value;
  }
}

/** Memoises a pure string function (normalisers, model families) over a bounded set of recent inputs. */
export function memoized(fn: (value: string) => string, limit = 10_000): (value: string | null | undefined) => string {
  const memo = new BoundedMemo<string, string>(limit);
  const ofNull = fn('');
  return (value) => (value ? memo.get(value, fn) : ofNull);
}

/**
 * The entries of one (first, second) pair, flat: each entry's fields, then its value. No object or copied array
 * per entry: a logs export keeps ~100,000 identities (issue 15), and a slot object with its own field array cost
 * ~130 bytes of each.
 */
type Bucket = unknown[];

/** The value of the entry whose `width` fields equal `fields`, if the bucket has one. */
function lookup(bucket: Bucket | undefined, fields: readonly (string | null)[], width: number): unknown {
  if (bucket === undefined) return undefined;
  next: for (let at = 0; at < bucket.length; at += width + 1) {
    for (let i = 0; i < width; i++) if (bucket[at + i] !== fields[i]) continue next;
    return bucket[at + width];
  }
  return undefined;
}

/**
 * A bounded memo keyed by a tuple of strings: hashed on two fields (the API key, which has the most distinct
 * values, and a second discriminating one), then compared field by field. No key string is built per row,
 * which matters at a million rows. Fields are compared with `===`, so NULL and '' are different keys. The
 * sources hand over each distinct value as one string (sources/fieldDictionary.ts), so a hit mostly compares a
 * string with itself. Every call passes the same number of fields.
 */
export class TupleMemo<V> {
  private current = new Map<string | null, Map<string | null, Bucket>>();
  private previous = new Map<string | null, Map<string | null, Bucket>>();
  private size = 0;
  private width = -1;

  /**
   * A sorted export visits every identity of a day before the next day starts again from the first, so a
   * generation smaller than a day's identities evicts each one before its next visit and rebuilds it on every
   * row (issue 15: 2,060 keys × 11 models = 22,660 identities a day made every row a miss at 10,000).
   */
  constructor(private readonly limit = 50_000) {}

  /** `fields` is only read during the call (the memo copies the fields), so callers may reuse one array. */
  get(first: string | null, second: string | null, fields: readonly (string | null)[], make: () => V): V {
    const width = fields.length;
    if (width !== this.width) {
      if (this.width >= 0) throw new Error(`A TupleMemo of ${this.width} fields was asked with ${width}.`);
      this.width = width;
    }
    const hit = lookup(this.current.get(first)?.get(second), fields, width);
    if (hit !== undefined) return hit as V;
    const value = (lookup(this.previous.get(first)?.get(second), fields, width) as V | undefined) ?? make();
    if (this.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
      this.size = 0;
    }
    let inner = this.current.get(first);
    if (!inner) this.current.set(first, (inner = new Map()));
    let bucket = inner.get(second);
    if (!bucket) inner.set(second, (bucket = []));
    for (let i = 0; i < width; i++) bucket.push(fields[i]);
    bucket.push(value);
    this.size++;
    return value;
  }
}
