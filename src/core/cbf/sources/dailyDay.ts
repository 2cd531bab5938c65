import type { CopyRowReader } from '../../db/copyRowReader';
import { add, float8ToNumeric, type PgNumeric } from '../pgNumeric';
import type { SourceRow } from '../sourceRow';
import { FieldDictionary } from './fieldDictionary';
import { allocate, byteOrder, type OrgCoverage, type Piece, type RowShare, type Segment, segmentsOf, type StoredPart } from './requestTime';

/** The daily tables' counters, in the order the read statement returns them (daily.ts `readSql`). */
export const COUNTERS = [
  'prompt_tokens',
  'completion_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'api_requests',
  'successful_requests',
  'failed_requests',
];
const COUNT_FIELDS = COUNTERS.length;
const REQUESTS = COUNTERS.indexOf('api_requests');

/** Field positions of the rows the daily read statement returns: the counters from `counts`, then `created_at`. */
export const F = {
  role: 0,
  bucket: 1,
  date: 2,
  entity: 3,
  apiKey: 4,
  model: 5,
  modelGroup: 6,
  provider: 7,
  spend: 8,
  counts: 9,
  created: 9 + COUNT_FIELDS,
};
const FIELDS = F.created + 1;

/** Row roles: a fact of the exported table, a part of the team or organisation table. */
export const FACT = 1;
export const TEAM = 2;
export const ORG = 4;

/** The text columns that identify a fact row (the exported table's group). */
export interface FactKey {
  date: string;
  entity: string | null;
  apiKey: string | null;
  model: string | null;
  modelGroup: string | null;
  provider: string | null;
}

/** Turns a request-time piece of a fact into a source row (names and attribution per profile). */
export type RowMaker = (fact: FactKey, piece: Piece) => SourceRow;

/** Facts are ordered (and grouped) by date, entity, key, model, model group, provider. */
const KEY_FIELDS = [F.date, F.entity, F.apiKey, F.model, F.modelGroup, F.provider];
const KEYS = KEY_FIELDS.length;

/**
 * A day's stored fact rows in flat typed arrays (ids of the key columns, spend, counters with NaN for NULL):
 * no object per row, so the day costs the garbage collector next to nothing.
 */
class FactTable {
  length = 0;
  keys = new Int32Array(KEYS * 1024);
  spends = new Float64Array(1024);
  counts = new Float64Array(COUNT_FIELDS * 1024);

  /** The fact row, its key columns as ids of `columns` (one dictionary per key field). */
  push(row: CopyRowReader, columns: readonly FieldDictionary[]): void {
    if (this.length === this.spends.length) this.grow();
    const n = this.length++;
    for (let k = 0; k < KEYS; k++) this.keys[n * KEYS + k] = columns[k].id(row, KEY_FIELDS[k]);
    this.spends[n] = row.number(F.spend);
    for (let c = 0; c < COUNT_FIELDS; c++) {
      this.counts[n * COUNT_FIELDS + c] = row.isNull(F.counts + c) ? NaN : row.number(F.counts + c);
    }
  }

  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    this.keys = grown(this.keys);
    this.spends = grown(this.spends);
    this.counts = grown(this.counts);
  }
}

/** A copy of the array at twice its length (the tables grow by doubling, every column alike). */
function grown<T extends Int32Array | Uint8Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (length: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * A day's team and organisation rows in flat typed arrays, chained per group (date, key, model, provider) through
 * `next`: like the facts, they live for the whole day, and as objects they were what the collector promoted and
 * let the heap grow by (issue 15: 300 MB peak RSS against 190 MB when they are not objects).
 */
class PartTable {
  private length = 0;
  private part = new Int32Array(2048);
  private role = new Uint8Array(2048);
  private next = new Int32Array(2048);
  private weights = new Float64Array(3 * 2048);
  /** (date, key) -> (model, provider) -> the group's last row. */
  private heads = new Map<number, Map<number, number>>();

  push(group: readonly [number, number], role: number, part: number, spend: number, requests: number, created: number): void {
    if (this.length === this.next.length) this.grow();
    const n = this.length++;
    let inner = this.heads.get(group[0]);
    if (!inner) this.heads.set(group[0], (inner = new Map()));
    this.next[n] = inner.get(group[1]) ?? -1;
    inner.set(group[1], n);
    this.part[n] = part;
    this.role[n] = role;
    this.weights[3 * n] = spend;
    this.weights[3 * n + 1] = requests;
    this.weights[3 * n + 2] = created;
  }

  /** The group's team and organisation rows (undefined when the team table has none). */
  group(group: readonly [number, number], partText: (id: number) => string): { team: StoredPart[]; org: StoredPart[] } | undefined {
    const out = { team: [] as StoredPart[], org: [] as StoredPart[] };
    for (let n = this.heads.get(group[0])?.get(group[1]) ?? -1; n >= 0; n = this.next[n]) {
      const row = {
        part: partText(this.part[n]),
        spend: this.weights[3 * n],
        requests: this.weights[3 * n + 1],
        created: this.weights[3 * n + 2],
      };
      (this.role[n] === TEAM ? out.team : out.org).push(row);
    }
    return out.team.length > 0 ? out : undefined;
  }

  clear(): void {
    this.length = 0;
    this.heads = new Map();
  }

  private grow(): void {
    this.part = grown(this.part);
    this.role = grown(this.role);
    this.next = grown(this.next);
    this.weights = grown(this.weights);
  }
}

/**
 * One day bucket of the daily read: its facts and the team / organisation parts of its groups, turned into
 * source rows in export order (date, entity, key, model, model group, provider; then team and organisation).
 */
export class DayRows {
  private readonly buckets = new FieldDictionary();
  /** The current bucket's id; -2 before the first row. */
  private bucket = -2;
  private readonly columns = KEY_FIELDS.map(() => new FieldDictionary());
  private readonly facts = new FactTable();
  private readonly partIds = new FieldDictionary();
  private readonly parts = new PartTable();

  constructor(
    private readonly share: RowShare,
    private readonly split: boolean,
    private readonly coverage: { min: string; max: string } | null,
    private readonly make: RowMaker,
  ) {}

  /** Whether the row is of another bucket than the rows added since the last flush (then flush first). */
  opensBucket(row: CopyRowReader): boolean {
    const bucket = this.buckets.id(row, F.bucket);
    if (bucket === this.bucket) return false;
    this.bucket = bucket;
    return true;
  }

  add(row: CopyRowReader): void {
    if (row.count !== FIELDS) throw new Error(`A row of the daily read has ${row.count} fields instead of ${FIELDS}.`);
    const role = row.number(F.role);
    if (role & FACT) this.facts.push(row, this.columns);
    if (role & (TEAM | ORG) && !row.isNull(F.apiKey)) {
      const c = this.columns;
      const group = groupOf(c[0].id(row, F.date), c[2].id(row, F.apiKey), c[3].idOrEmpty(row, F.model), c[5].idOrEmpty(row, F.provider));
      const part = this.partIds.idOrEmpty(row, F.entity);
      const requests = row.number(F.counts + REQUESTS);
      this.parts.push(
        group,
        role & TEAM ? TEAM : ORG,
        part,
        row.number(F.spend),
        requests,
        timeKey(row.bytes, row.start(F.created), row.length(F.created)),
      );
    }
  }

  /** The bucket's source rows in export order; the bucket is empty afterwards. */
  *flush(): Generator<SourceRow> {
    const { keys, length } = this.facts;
    const sorted = this.sorted(keys, length);
    const same = (a: number, b: number): boolean => {
      for (let k = 0; k < KEYS; k++) if (keys[a * KEYS + k] !== keys[b * KEYS + k]) return false;
      return true;
    };
    for (let i = 0; i < length;) {
      let j = i + 1;
      while (j < length && same(sorted[i], sorted[j])) j++;
      const row = this.sum(sorted, i, j);
      const first = sorted[i];
      const key = this.textOf(first);
      i = j;
      const pieces = this.split ? allocate(this.segmentsOf(first, key), this.share, key.entity, row) : null;
      if (!pieces) yield this.make(key, { segment: null, ...row });
      else if (pieces.length === 1) yield this.make(key, pieces[0]);
      else yield* pieces.map((p) => this.make(key, p)).sort(compareAttribution);
    }
    this.facts.clear();
    this.parts.clear();
  }

  /**
   * The facts' positions ordered by their key fields' ranks (byte order, NULL last): a least-significant-field
   * radix sort, one counting pass per field over its dictionary's ranks. The comparison sort it replaces called
   * back into JavaScript for every comparison of six fields: ~5 % of a 1M-row user export's CPU (issue 15).
   */
  private sorted(keys: Int32Array, length: number): Uint32Array {
    let from = new Uint32Array(length);
    let to = new Uint32Array(length);
    for (let n = 0; n < length; n++) from[n] = n;
    for (let k = KEYS - 1; k >= 0; k--) {
      const { ranks, nullRank } = this.columns[k].ranks();
      const rank = (n: number) => {
        const id = keys[n * KEYS + k];
        return id < 0 ? nullRank : ranks[id];
      };
      // starts[r + 1] counts rank r; after the prefix sum starts[r] is where rank r's first position goes.
      const starts = new Uint32Array(nullRank + 2);
      for (let n = 0; n < length; n++) starts[rank(n) + 1]++;
      for (let r = 1; r < starts.length; r++) starts[r] += starts[r - 1];
      for (let i = 0; i < length; i++) to[starts[rank(from[i])]++] = from[i];
      [from, to] = [to, from];
    }
    return from;
  }

  /** SUM(spend::numeric) and SUM(counter)::int8 (NULL when every stored value is NULL) over the sorted facts [i, j). */
  private sum(sorted: Uint32Array, i: number, j: number): { spend: PgNumeric; counts: (number | null)[] } {
    const { spends, counts: values } = this.facts;
    let spend = float8ToNumeric(spends[sorted[i]]);
    for (let k = i + 1; k < j; k++) spend = add(spend, float8ToNumeric(spends[sorted[k]]));
    const counts = new Array<number | null>(COUNT_FIELDS).fill(null);
    for (let k = i; k < j; k++) {
      for (let c = 0; c < COUNT_FIELDS; c++) {
        const v = values[sorted[k] * COUNT_FIELDS + c];
        if (!Number.isNaN(v)) counts[c] = (counts[c] ?? 0) + v;
      }
    }
    return { spend, counts };
  }

  private textOf(n: number): FactKey {
    const id = (k: number) => this.columns[k].text(this.facts.keys[n * KEYS + k]);
    return { date: id(0) as string, entity: id(1), apiKey: id(2), model: id(3), modelGroup: id(4), provider: id(5) };
  }

  /**
   * The segments of the fact's group, computed per fact: kept for the day they would outlive the young
   * generation and grow the heap, and a group rarely has more than one fact (one user per key).
   */
  private segmentsOf(n: number, key: FactKey): Segment[] {
    if (key.apiKey === null) return [];
    // The fact's own ids, NULL model and provider as the id of '' (the group matches them alike).
    const id = (k: number) => {
      const v = this.facts.keys[n * KEYS + k];
      return v < 0 ? this.columns[k].empty() : v;
    };
    const group = groupOf(id(0), id(2), id(3), id(5));
    const parts = this.parts.group(group, (id) => this.partIds.text(id) as string);
    if (!parts) return [];
    const covered: OrgCoverage = this.coverage && key.date >= this.coverage.min && key.date <= this.coverage.max ? 'covered' : 'uncovered';
    return segmentsOf(parts.team, this.coverage ? parts.org : null, covered);
  }
}

/**
 * The split's group (date, api_key, model, custom_llm_provider; NULL model and provider as '') as two numbers of
 * dictionary ids, so no key text is built per row.
 */
function groupOf(date: number, apiKey: number, model: number, provider: number): [number, number] {
  if (apiKey >= 2 ** 26 || provider >= 2 ** 20) throw new Error('Too many distinct keys or providers in one export for the group index.');
  return [date * 2 ** 26 + apiKey, model * 2 ** 20 + provider];
}

/**
 * `created_at` as COPY prints a timestamp (`YYYY-MM-DD HH:MI:SS[.ffffff]`, `length` bytes from `from`) turned
 * into a number in the same order (day × 1e8 + milliseconds of the day, below 2^53): only the order of a
 * group's parts matters, and a number keeps no text alive.
 */
export function timeKey(bytes: Uint8Array, from: number, length: number): number {
  const d = (at: number) => bytes[from + at] - 48;
  const day = ((((((d(0) * 10 + d(1)) * 10 + d(2)) * 10 + d(3)) * 10 + d(5)) * 10 + d(6)) * 10 + d(8)) * 10 + d(9);
  const seconds = (d(11) * 10 + d(12)) * 3600 + (d(14) * 10 + d(15)) * 60 + d(17) * 10 + d(18);
  // The fraction's digits over their power of ten: both exact, so the quotient is the double Number('0.fff') reads.
  let fraction = 0;
  for (let at = 20; at < length; at++) fraction = fraction * 10 + d(at);
  return day * 1e8 + (seconds + (length > 20 ? fraction / 10 ** (length - 20) : 0)) * 1000;
}

/** ORDER BY with `COLLATE "C"`: byte order, NULLs last. */
function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return byteOrder(a, b);
}

function compareAttribution(a: SourceRow, b: SourceRow): number {
  return compareText(a.team_id, b.team_id) || compareText(a.org_id, b.org_id);
}
