import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LensError } from '../../core/errors';
import { bundledCatalog, connectedCatalog } from '../../core/sql/catalog';
import { LineIndex } from '../../core/sql/lineCol';
import { lintSql } from '../../core/sql/lintSql';
import { loadSqlParser } from '../../core/sql/pgParser';
import type { CliCommand } from '../command';

interface LintFinding {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** The `.sql` files of the arguments: files as given, directories recursively, sorted. */
async function sqlFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new LensError('usage', `${path}: no such file or directory.`, 'Pass .sql files or directories that hold them.');
    });
    if (info.isFile()) out.push(path);
    else {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      out.push(
        ...entries
          .filter((e) => e.isFile() && e.name.endsWith('.sql'))
          .map((e) => join(e.parentPath, e.name))
          .sort(),
      );
    }
  }
  return out;
}

/** `litellm-lens lint`: the SQL editor's diagnostics for CI and reviews (README "SQL diagnostics"). */
export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'Check SQL files for the classic LiteLLM mistakes (quoting, fan-out, double counting, text dates, writes)',
  usage: 'lint FILE|DIR… [--db URL | --demo] [--json]   (exit 5 when an error-level finding exists)',
  options: {},
  allowPositionals: true,
  async run(values, positionals, ctx) {
    if (positionals.length === 0) {
      throw new LensError('usage', 'lint needs at least one FILE or DIR.', 'Usage: litellm-lens lint analyses/ my-query.sql');
    }
    const files = await sqlFiles(positionals);
    let catalog = bundledCatalog();
    if (typeof values.db === 'string' || values.demo === true) {
      const caps = await ctx.openSchema();
      catalog = connectedCatalog(caps.model, (await ctx.openDatabase()).connection.display);
    }
    await loadSqlParser();
    const findings: LintFinding[] = [];
    for (const path of files) {
      const text = await readFile(path, 'utf8');
      const lines = new LineIndex(text);
      const file = relative(process.cwd(), path) || path;
      for (const f of lintSql(text, catalog, { analysisFile: /^\s*--\s*name\s*:/m.test(text) })) {
        findings.push({ file, ...lines.position(f.start), severity: f.severity, code: f.code, message: f.message });
      }
    }
    if (ctx.json) ctx.stdout.write(`${JSON.stringify({ findings })}\n`);
    else {
      for (const f of findings) ctx.stdout.write(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}\n`);
      const errors = findings.filter((f) => f.severity === 'error').length;
      ctx.stderr.write(
        `${files.length} file(s) checked against ${catalog.versionLabel}: ${errors} error(s), ${findings.length - errors} warning(s).\n`,
      );
    }
    return findings.some((f) => f.severity === 'error') ? 5 : 0;
  },
};
