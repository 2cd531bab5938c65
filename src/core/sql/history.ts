import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One statement run from the SQL editor. */
export interface HistoryEntry {
  sql: string;
  /** Bound `$n` values; any that look like a secret are stored as `<redacted>`. */
  params: string[];
  /** ISO time the run started. */
  at: string;
  durationMs: number;
  /** Rows returned; undefined when the run failed. */
  rows?: number;
  error?: string;
}

export const HISTORY_LIMIT = 200;
export const REDACTED = '<redacted>';

/**
 * Values that look like credentials: LiteLLM/OpenAI keys (`sk-…`), JWTs, bearer tokens, URLs with a password,
 * `password=`/`api_key=` pairs, and long random-looking tokens (hex ≥ 32, or base64-ish ≥ 24 mixing letters and digits).
 */
const SECRET_PATTERNS = [
  /\bsk-[A-Za-z0-9_-]{8,}/,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/,
  /\bbearer\s+\S{8,}/i,
  /:\/\/[^:/\s]+:[^@\s]+@/,
  /\b(password|passwd|pwd|secret|api[_-]?key|token)\s*[=:]\s*\S+/i,
  /^[0-9a-f]{32,}$/i,
  /^(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9+/_=-]{24,}$/,
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function looksSecret(value: string): boolean {
  const v = value.trim();
  return !UUID.test(v) && SECRET_PATTERNS.some((re) => re.test(v));
}

/** The SQL with every string literal that looks like a secret replaced by '<redacted>'. */
export function redactSqlLiterals(sql: string): string {
  return sql.replace(/'((?:[^']|'')*)'/g, (whole, inner: string) => (looksSecret(inner.replace(/''/g, "'")) ? `'${REDACTED}'` : whole));
}

/**
 * Query history of one connection profile: newest first, at most HISTORY_LIMIT entries, one JSON file per
 * profile under the extension's global storage. Secrets never reach the file (see `looksSecret`).
 */
export class QueryHistory {
  constructor(private readonly dir: string) {}

  private file(profile: string): string {
    return join(this.dir, `${profile.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  }

  async list(profile: string): Promise<HistoryEntry[]> {
    try {
      const parsed = JSON.parse(await readFile(this.file(profile), 'utf8')) as { entries?: HistoryEntry[] };
      return Array.isArray(parsed.entries) ? parsed.entries : [];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return [];
      throw err;
    }
  }

  async add(profile: string, entry: HistoryEntry): Promise<HistoryEntry> {
    const clean: HistoryEntry = {
      ...entry,
      sql: redactSqlLiterals(entry.sql),
      params: entry.params.map((p) => (looksSecret(p) ? REDACTED : p)),
    };
    const entries = [clean, ...(await this.list(profile))].slice(0, HISTORY_LIMIT);
    await mkdir(this.dir, { recursive: true });
    const target = this.file(profile);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ entries }), 'utf8');
    await rename(temp, target);
    return clean;
  }

  /** Entries whose SQL contains every word of `query` (case-insensitive), newest first. */
  async search(profile: string, query: string): Promise<HistoryEntry[]> {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return (await this.list(profile)).filter((e) => words.every((w) => e.sql.toLowerCase().includes(w)));
  }
}
