import { describeRole, privilegedWarning } from '../../core/db/roleInfo';
import { buildErDiagram } from '../../core/diagram/erDiagram';
import { LensError } from '../../core/errors';
import { groupOf } from '../../core/schema/litellmTables';
import { LOGICAL_RELATIONS } from '../../core/schema/logicalRelations';
import type { CliCommand } from '../command';
import { str } from '../command';

/** `litellm-lens schema`: what the database has, grouped the LiteLLM way, plus the capability report. */
export const schemaCommand: CliCommand = {
  name: 'schema',
  summary: 'Describe the LiteLLM schema found: tables, views, relations and what each feature needs',
  usage: 'schema [--format text|json|mermaid]',
  options: { format: { type: 'string' } },
  async run(values, _positionals, ctx) {
    const format = str(values, 'format') ?? (ctx.json ? 'json' : 'text');
    if (!['text', 'json', 'mermaid'].includes(format)) {
      throw new LensError('usage', `Unknown --format ${format}`, 'Use text, json or mermaid.');
    }
    const caps = await ctx.openSchema();
    const model = caps.model;
    const { role } = (await ctx.openDatabase()).server;
    if (role.privileged) ctx.stderr.write(`warning: ${privilegedWarning(role)}\n`);
    if (format === 'json') {
      const relations = LOGICAL_RELATIONS.filter((r) => caps.hasTable(r.fromTable) && caps.hasTable(r.toTable));
      ctx.stdout.write(
        `${JSON.stringify({ ...model, groups: Object.fromEntries(model.tables.map((t) => [t.name, groupOf(t.name)])), logicalRelations: relations, capabilities: caps.report(), role }, null, 2)}\n`,
      );
      return;
    }

    if (format === 'mermaid') {
      const diagram = buildErDiagram(model, LOGICAL_RELATIONS, { groupOf, columns: 'keys' });
      ctx.stdout.write(`${diagram.source}\n`);
      return;
    }
    const report = caps.report();
    const out: string[] = [
      `LiteLLM schema: ${report.generation} (${report.tableCount} tables, ${report.viewCount} views) on ${model.serverVersion.split(' on ')[0]}`,
      `Connected as ${describeRole(role)}`,
    ];
    for (const t of model.tables) {
      out.push(
        `  ${groupOf(t.name).padEnd(13)} ${t.kind === 'view' ? 'view ' : 'table'} ${t.name} (${t.columns.length} columns${t.rowEstimate != null && t.rowEstimate >= 0 ? `, ~${Math.round(t.rowEstimate)} rows` : ''})`,
      );
    }
    const unavailable = report.features.filter((f) => !f.available);
    if (unavailable.length > 0) {
      out.push('Not available on this version:');
      for (const f of unavailable) out.push(`  ${f.title}: missing ${f.missing.join(', ')}`);
    }
    ctx.stdout.write(`${out.join('\n')}\n`);
  },
};
