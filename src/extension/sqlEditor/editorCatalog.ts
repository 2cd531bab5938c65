import { bundledCatalog, connectedCatalog, type SqlCatalog } from '../../core/sql/catalog';
import type { SchemaModel } from '../../core/schema/model';
import type { LensSession } from '../logic/lensSession';

/** The catalog the SQL editor checks against: the connected database's schema, else the bundled newest one. */
export class EditorCatalog {
  private cached: { model: SchemaModel; catalog: SqlCatalog } | undefined;

  constructor(private readonly session: LensSession) {}

  current(): SqlCatalog {
    const info = this.session.info;
    if (!info) return bundledCatalog();
    const model = this.session.model;
    if (this.cached?.model !== model) this.cached = { model, catalog: connectedCatalog(model, info.display) };
    return this.cached.catalog;
  }
}

/** Saved-analysis files: under a `.litellm-lens/analyses` or `analyses` folder, or starting with a `-- name:` header. */
export function isAnalysisFile(path: string, text: string): boolean {
  return /[\\/](\.litellm-lens[\\/])?analyses[\\/][^\\/]+\.sql$/i.test(path) || /^\s*--\s*name\s*:/i.test(text);
}
