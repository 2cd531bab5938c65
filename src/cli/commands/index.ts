import type { CliCommand } from '../command';
import { analysesCommand } from './analyses';
import { attributionCommand } from './attribution';
import { checkCommand } from './check';
import { demoCommand } from './demo';
import { exportCommand } from './export';
import { lintCommand } from './lint';
import { schemaCommand } from './schema';
import { transmitCommand } from './transmit';

/** Every command of the public CLI contract (docs/design.md §5), in help order. */
export const COMMANDS: CliCommand[] = [
  exportCommand,
  transmitCommand,
  schemaCommand,
  attributionCommand,
  checkCommand,
  analysesCommand,
  demoCommand,
  lintCommand,
];
