import type { LensDatabase, QueryOptions } from '../../src/core/db/database';
import { CopyRowReader } from '../../src/core/db/copyRowReader';

/** A query's rows through `copyChunks`, each as its fields' texts (null for NULL), read by CopyRowReader. */
export async function* copyFields(
  db: LensDatabase,
  sql: string,
  params: unknown[] = [],
  opts: QueryOptions = {},
): AsyncGenerator<(string | null)[]> {
  const reader = new CopyRowReader();
  for await (const chunk of db.copyChunks(sql, params, opts)) {
    reader.push(chunk);
    while (reader.next()) yield Array.from({ length: reader.count }, (_, i) => reader.text(i));
  }
  reader.end();
}
