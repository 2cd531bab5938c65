import { LensError } from '../../core/errors';
import { startDemoServer } from '../../core/demo/server';
import type { CliCommand } from '../command';
import { str } from '../command';

/** `litellm-lens demo`: serve the generated LiteLLM database on 127.0.0.1 until stopped. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Serve the built-in demo LiteLLM database on 127.0.0.1 and print its URL until stopped',
  usage: 'demo [--port N]',
  options: { port: { type: 'string' } },
  async run(values, _positionals, ctx) {
    const portText = str(values, 'port') ?? '0';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LensError('usage', `Invalid --port ${portText}`);
    ctx.stderr.write('Starting the demo database (embedded PGlite)…\n');
    const server = await startDemoServer({ port });
    if (ctx.json) ctx.stdout.write(`${JSON.stringify({ url: server.url, summary: server.summary })}\n`);
    else ctx.stdout.write(`${server.url}\n`);
    ctx.stderr.write(
      `Demo LiteLLM database (${server.summary.version}, ${server.summary.from}..${server.summary.to}) — press Ctrl+C to stop.\n`,
    );
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
  },
};
