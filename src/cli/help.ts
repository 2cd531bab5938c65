import type { CliCommand } from './command';

export function helpText(commands: CliCommand[]): string {
  return [
    'litellm-lens — read-only insight into a LiteLLM proxy database, and CloudZero CBF export',
    '',
    'Usage: litellm-lens <command> [--db URL | --demo] [--json] [--statement-timeout SECONDS] [--master-key-env VAR]',
    '       (--db defaults to $DATABASE_URL; --demo uses the built-in demo database;',
    '        --master-key-env names an environment variable holding the LiteLLM master key: its spend is labelled',
    '        "LiteLLM master key"; only its hash is kept in memory and neither is printed)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}\n  ${''.padEnd(12)} litellm-lens ${c.usage}`),
    '',
    'Exit codes: 0 ok, 2 usage, 3 connection/auth, 4 schema (not LiteLLM / table missing), 5 validation,\n            6 check findings at or above --fail-on, 1 other',
    '',
  ].join('\n');
}
