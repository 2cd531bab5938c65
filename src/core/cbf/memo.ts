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

/** Fingerprints a SeenFilter holds (a power of two): 256 KB, whatever the number of tuples. */
const SEEN_SLOTS = 1 << 16;
/** FNV-1a's 32-bit offset basis and prime. */
const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Which tuples were seen recently, in fixed memory: a direct-mapped table of 32-bit fingerprints (FNV-1a over
 * the tuple's UTF-16 units, NULL apart from ''). A tuple's slot holds its fingerprint until another tuple takes
 * the slot, so a tuple seen again within about SEEN_SLOTS new tuples is recognised; a collision only makes a
 * tuple look seen (the memo then keeps it: memory, never a wrong value, since the memo compares the fields).
 */
class SeenFilter {
  private readonly slots = new Uint32Array(SEEN_SLOTS);

  /** Whether the tuple was seen recently; records it either way. */
  sawBefore(first: string | null, second: string | null, fields: readonly (string | null)[]): boolean {
    let h = mix(mix(FNV_BASIS, first), second);
    for (let i = 0; i < fields.length; i++) h = mix(h, fields[i]);
    const print = h >>> 0 || 1; // 0 marks an empty slot
    const slot = (Math.imul(print, 0x9e3779b1) >>> 16) & (SEEN_SLOTS - 1);
    const seen = this.slots[slot] === print;
    this.slots[slot] = print;
    return seen;
  }
}

/** Folds a field into an FNV-1a hash: its units, then a separator that also tells NULL from ''. */
function mix(h: number, text: string | null): number {
  if (text !== null) for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return Math.imul(h ^ (text === null ? 0x10001 : 0x10000), FNV_PRIME);
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
  private seen: SeenFilter | undefined;

  /**
   * A sorted export visits every identity of a day before the next day starts again from the first, so a
   * generation smaller than a day's identities evicts each one before its next visit and rebuilds it on every
   * row (issue 15: 2,060 keys × 11 models = 22,660 identities a day made every row a miss at 10,000).
   */
  constructor(private readonly limit = 50_000) {}

  /**
   * `fields` is only read during the call (the memo copies the fields), so callers may reuse one array. `make`
   * learns whether the memo keeps what it makes. With `onSecondSight` a new tuple is kept only if it was seen
   * recently (SeenFilter): a tuple with an end user, whose values can be countless and rarely repeat
   * within a range, then costs the memo nothing the first time (issue 15: ~90,000 of a 1M-row logs export's
   * ~113,000 identities carry an end user, mostly seen once).
   */
  get(
    first: string | null,
    second: string | null,
    fields: readonly (string | null)[],
    make: (kept: boolean) => V,
    onSecondSight = false,
  ): V {
    const width = fields.length;
    if (width !== this.width) {
      if (this.width >= 0) throw new Error(`A TupleMemo of ${this.width} fields was asked with ${width}.`);
      this.width = width;
    }
    const hit = lookup(this.current.get(first)?.get(second), fields, width);
    if (hit !== undefined) return hit as V;
    let value = lookup(this.previous.get(first)?.get(second), fields, width) as V | undefined;
    if (value === undefined) {
      const kept = !onSecondSight || (this.seen ??= new SeenFilter()).sawBefore(first, second, fields);
      value = make(kept);
      if (!kept) return value;
    }
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
