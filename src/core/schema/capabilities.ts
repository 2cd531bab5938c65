import { LensError } from '../errors';
import { FEATURES, type Requirement } from './features';
import { KNOWN_TABLES, KNOWN_VIEWS, TABLES_AFTER_029F645F, TABLES_SINCE_029F645F } from './litellmTables';
import type { SchemaModel, TableInfo } from './model';

/** Which LiteLLM schema level the database looks like (docs/reference/litellm-schema.md §0.1). */
export type SchemaGeneration = 'early-2025' | '1.83' | '029f645f' | 'later' | 'unknown';

export interface FeatureStatus {
  id: string;
  title: string;
  available: boolean;
  /** `Table` or `Table.column` entries that are absent. */
  missing: string[];
}

export interface CapabilityReport {
  isLiteLLM: boolean;
  generation: SchemaGeneration;
  tableCount: number;
  viewCount: number;
  knownTablesPresent: string[];
  knownTablesMissing: string[];
  /** LiteLLM_* tables this tool does not know (newer LiteLLM); they are still introspected and shown. */
  unknownLiteLLMTables: string[];
  viewsMissing: string[];
  features: FeatureStatus[];
}

/** Answers "does this database have X" and turns absences into exit-4 errors that name what is missing. */
export class Capabilities {
  private readonly tables = new Map<string, TableInfo>();

  constructor(readonly model: SchemaModel) {
    for (const t of model.tables) this.tables.set(t.name, t);
  }

  hasTable(name: string): boolean {
    return this.tables.has(name);
  }

  hasColumn(table: string, column: string): boolean {
    return this.tables.get(table)?.columns.some((c) => c.name === column) ?? false;
  }

  /**
   * True when a btree index of `table` leads with `column` as it is (no operator class or collation of its own)
   * and covers every row (not partial): a range or equality on the column under the table's collation then walks
   * the index. A hash, partial or `text_pattern_ops` index would leave each such probe a scan of the table.
   */
  hasLeadingIndex(table: string, column: string): boolean {
    // pg_get_indexdef writes the name bare or quoted (quote_ident): either, then nothing but an order.
    const names = [column, `"${column.replace(/"/g, '""')}"`];
    const walkable = (definition: string) => {
      const list = definition.split('USING btree (')[1];
      return (
        list !== undefined &&
        !/\) WHERE /.test(definition) &&
        names.some((n) => list.startsWith(n) && /^( DESC)?( NULLS (FIRST|LAST))?[,)]/.test(list.slice(n.length)))
      );
    };
    return this.tables.get(table)?.indexes.some((i) => i.columns[0] === column && walkable(i.definition)) ?? false;
  }

  /** `Table` / `Table.column` strings for every unmet requirement. */
  missing(requirements: readonly Requirement[]): string[] {
    const out: string[] = [];
    for (const r of requirements) {
      if (!this.hasTable(r.table)) out.push(r.table);
      else for (const c of r.columns ?? []) if (!this.hasColumn(r.table, c)) out.push(`${r.table}.${c}`);
    }
    return out;
  }

  /** Throws LensError('schema') naming every missing table/column, for `what` (e.g. "CBF export --source org"). */
  require(what: string, requirements: readonly Requirement[]): void {
    const missing = this.missing(requirements);
    if (missing.length > 0) {
      throw new LensError(
        'schema',
        `${what} needs ${missing.join(', ')}, which this database does not have.`,
        `This LiteLLM version (${this.generation()}) predates it. Upgrade LiteLLM, or use a feature that works here (see "litellm-lens schema --json" → capabilities).`,
      );
    }
  }

  requireFeature(id: string): void {
    const f = FEATURES.find((x) => x.id === id);
    if (!f) throw new Error(`unknown feature ${id}`);
    this.require(f.title, f.requires);
  }

  isLiteLLM(): boolean {
    return ['LiteLLM_SpendLogs', 'LiteLLM_VerificationToken', 'LiteLLM_UserTable'].some((t) => this.hasTable(t));
  }

  /** Throws the "not a LiteLLM database" error (exit 4) with what to check. */
  requireLiteLLM(database: string): void {
    if (this.isLiteLLM()) return;
    throw new LensError(
      'schema',
      `Database "${database}" has no LiteLLM tables in schema "${this.model.schema}" (${this.model.tables.length} tables found).`,
      "Point --db / DATABASE_URL at the LiteLLM proxy's database (the DATABASE_URL the proxy uses); if LiteLLM runs with DATABASE_SCHEMA, pass that schema.",
    );
  }

  generation(): SchemaGeneration {
    if (!this.isLiteLLM()) return 'unknown';
    if (TABLES_AFTER_029F645F.some((t) => this.hasTable(t))) return 'later';
    if (TABLES_SINCE_029F645F.some((t) => this.hasTable(t))) return '029f645f';
    if (this.hasTable('LiteLLM_DailyOrganizationSpend') || this.hasTable('LiteLLM_ProjectTable')) return '1.83';
    return 'early-2025';
  }

  report(): CapabilityReport {
    const present = [...KNOWN_TABLES.keys()].filter((t) => this.hasTable(t));
    const views = this.model.tables.filter((t) => t.kind === 'view');
    return {
      isLiteLLM: this.isLiteLLM(),
      generation: this.generation(),
      tableCount: this.model.tables.length - views.length,
      viewCount: views.length,
      knownTablesPresent: present,
      knownTablesMissing: [...KNOWN_TABLES.keys()].filter((t) => !this.hasTable(t)),
      unknownLiteLLMTables: this.model.tables
        .filter((t) => t.kind === 'table' && t.name.startsWith('LiteLLM_') && !KNOWN_TABLES.has(t.name))
        .map((t) => t.name),
      viewsMissing: KNOWN_VIEWS.filter((v) => !this.hasTable(v)),
      features: FEATURES.map((f) => {
        const missing = this.missing(f.requires);
        return { id: f.id, title: f.title, available: missing.length === 0, missing };
      }),
    };
  }
}
