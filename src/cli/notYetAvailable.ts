import { LensError } from '../core/errors';
import type { CliCommand } from './command';

/** A contract command whose engine has not landed: it parses its flags and says so (exit 1), never fakes output. */
export function notYetAvailable(name: string, summary: string, usage: string, options: CliCommand['options'], allowPositionals = false): CliCommand {
  return {
    name,
    summary,
    usage,
    options,
    allowPositionals,
    async run() {
      throw new LensError('other', `"${name}" is not yet available in this build of litellm-lens.`);
    },
  };
}
