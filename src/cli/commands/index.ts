import type { CliCommand } from '../command';
import { notYetAvailable } from '../notYetAvailable';
import { analysesCommand } from './analyses';
import { attributionCommand } from './attribution';
import { demoCommand } from './demo';
import { schemaCommand } from './schema';
import { transmitCommand } from './transmit';

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
  transmitCommand,
  schemaCommand,
  attributionCommand,
  analysesCommand,
  demoCommand,
];
