import type { CliCommand } from '../command';
import { notYetAvailable } from '../notYetAvailable';
import { demoCommand } from './demo';
import { schemaCommand } from './schema';

const selection = {
  source: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  profile: { type: 'string' },
} as const;

/** Every command of the public CLI contract (design.md §5), in help order. */
export const COMMANDS: CliCommand[] = [
  notYetAvailable('export', 'Export spend as CloudZero CBF (CSV or JSONL)',
    'export --source user|team|tag|org|enduser|logs --from YYYY-MM-DD --to YYYY-MM-DD --format csv|jsonl --out FILE [--profile lens|ll2cz]',
    { ...selection, format: { type: 'string' }, out: { type: 'string' }, 'skip-invalid': { type: 'boolean' } }),
  notYetAvailable('transmit', 'Send CBF to CloudZero AnyCost Stream',
    'transmit <export selection> --connection-id ID [--api-key-env VAR] [--operation replace_hourly|replace_drop|sum] [--dry-run] [--endpoint URL]',
    { ...selection, 'connection-id': { type: 'string' }, 'api-key-env': { type: 'string' }, operation: { type: 'string' }, 'dry-run': { type: 'string' }, endpoint: { type: 'string' } }),
  schemaCommand,
  notYetAvailable('attribution', 'Spend attribution tree: organisation → team → user → key → model',
    'attribution --from YYYY-MM-DD --to YYYY-MM-DD [--basis daily|requests] [--format json|csv]',
    { from: { type: 'string' }, to: { type: 'string' }, basis: { type: 'string' }, format: { type: 'string' } }),
  notYetAvailable('analyses', 'List and run saved SQL analyses', 'analyses list | run ID [--param NAME=VALUE ...] [--format json|csv]',
    { param: { type: 'string', multiple: true }, format: { type: 'string' } }, true),
  demoCommand,
];
