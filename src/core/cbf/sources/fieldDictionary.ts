import { type CopyRowReader, EMPTY_HASH } from '../../db/copyRowReader';
import { byteOrder } from './requestTime';

/**
 * The distinct values of one column, found by the COPY bytes of the field (CopyRowReader) and kept once as text
 * with its rank in byte order: a day's rows are held as small integers, sorted by rank, and turned
 * back into text only when written. A day of a million-row export is ~24k facts and twice as many parts; as
 * strings they kept ~70 MB alive per day and tripled the heap between collections, and making a string of each
 * field only to find it here was a third of the export's CPU (issue 15). COPY's escaping is one-to-one, so equal
 * bytes are equal values and no string is made for a value seen before.
 */
export class FieldDictionary {
  readonly values: string[] = [];
  /** Each value's field bytes, in `bytes` at `starts[id]`. */
  private bytes = Buffer.alloc(4096);
  private view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  private used = 0;
  private starts: number[] = [];
  private hashes: number[] = [];
  /** Open addressing: id + 1 per slot (0 = empty), at most half full. */
  private slots = new Int32Array(1024);
  /** Ids in byte order of their values, and each id's position in it, as of the last `ranks()`. */
  private inOrder = new Int32Array(0);
  private byteRanks = new Int32Array(0);

  /**
   * `limit`: past this many values the dictionary starts over, for callers that use ids only within a row
   * (`textOf`); a caller that keeps ids leaves it unbounded.
   */
  constructor(private readonly limit = Infinity) {}

  /** The row's field as text (null for NULL): equal values are one string, made once. */
  textOf(row: CopyRowReader, field: number): string | null {
    return this.text(this.id(row, field));
  }

  /** The id of the row's field; -1 for NULL. */
  id(row: CopyRowReader, field: number): number {
    if (row.isNull(field)) return -1;
    const hash = row.hash(field);
    const length = row.length(field);
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s];
      if (slot === 0) return this.add(row, field, hash, s);
      const id = slot - 1;
      if (this.hashes[id] === hash && row.equals(field, this.view, this.starts[id], length)) return id;
    }
  }

  /** The id of the row's field, NULL read as the empty text (the split's groups match them alike). */
  idOrEmpty(row: CopyRowReader, field: number): number {
    return row.isNull(field) ? this.empty() : this.id(row, field);
  }

  /** The id of the empty text. */
  empty(): number {
    const mask = this.slots.length - 1;
    for (let s = EMPTY_HASH & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s];
      if (slot === 0) return this.insert('', Buffer.alloc(0), EMPTY_HASH, s);
      if (this.hashes[slot - 1] === EMPTY_HASH && this.values[slot - 1] === '') return slot - 1;
    }
  }

  text(id: number): string | null {
    return id < 0 ? null : this.values[id];
  }

  /**
   * Each id's rank in byte order (`ranks[id]`), and NULL's rank after them all (ORDER BY's default). Call after
   * the ids to be ranked are assigned. Values added since the last call are sorted among themselves and merged
   * into the ids already in order: re-sorting every value whenever some were added grows with the square of the
   * days in a daily export that meets new end users or keys every day (182,500 values arriving over 365 days:
   * 37 s of sorting, against 0.6 s merged).
   */
  ranks(): { ranks: Int32Array; nullRank: number } {
    const ranked = this.inOrder.length;
    const total = this.values.length;
    if (ranked !== total) {
      const text = this.values;
      const added = Array.from({ length: total - ranked }, (_, i) => ranked + i).sort((x, y) => byteOrder(text[x], text[y]));
      // Each added id goes where a binary search of the ids in order puts it; the runs between are copied whole.
      const merged = new Int32Array(total);
      let from = 0;
      let at = 0;
      for (const id of added) {
        let lo = from;
        let hi = ranked;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (byteOrder(text[this.inOrder[mid]], text[id]) < 0) lo = mid + 1;
          else hi = mid;
        }
        merged.set(this.inOrder.subarray(from, lo), at);
        at += lo - from;
        from = lo;
        merged[at++] = id;
      }
      merged.set(this.inOrder.subarray(from), at);
      this.inOrder = merged;
      this.byteRanks = new Int32Array(total);
      for (let rank = 0; rank < total; rank++) this.byteRanks[merged[rank]] = rank;
    }
    return { ranks: this.byteRanks, nullRank: total };
  }

  private add(row: CopyRowReader, field: number, hash: number, slot: number): number {
    const start = row.start(field);
    return this.insert(row.text(field) as string, row.bytes.subarray(start, start + row.length(field)), hash, slot);
  }

  private insert(text: string, fieldBytes: Uint8Array, hash: number, slot: number): number {
    if (this.values.length >= this.limit) return this.startOver(text, fieldBytes, hash);
    const id = this.values.push(text) - 1;
    if (this.used + fieldBytes.length > this.bytes.length) {
      const bigger = Buffer.alloc(Math.max(2 * this.bytes.length, this.used + fieldBytes.length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
      this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.byteLength);
    }
    this.bytes.set(fieldBytes, this.used);
    this.starts.push(this.used);
    this.used += fieldBytes.length;
    this.hashes.push(hash);
    this.slots[slot] = id + 1;
    if (2 * this.values.length > this.slots.length) this.rehash();
    return id;
  }

  private startOver(text: string, fieldBytes: Uint8Array, hash: number): number {
    this.values.length = 0;
    this.starts = [];
    this.hashes = [];
    this.inOrder = new Int32Array(0);
    this.byteRanks = new Int32Array(0);
    this.used = 0;
    this.slots = new Int32Array(1024);
    return this.insert(text, fieldBytes, hash, hash & (this.slots.length - 1));
  }

  private rehash(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    const mask = this.slots.length - 1;
    this.hashes.forEach((hash, id) => {
      let s = hash & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = id + 1;
    });
  }
}
