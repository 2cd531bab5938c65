import { COMMANDS } from '../commandIds';
import { registerCommand } from '../commandRunner';
import type { Services } from '../services';

export function registerShowLogsCommand(services: Services): void {
  registerCommand(services, COMMANDS.showLogs, 'Show logs', () => services.channel.show());
}
