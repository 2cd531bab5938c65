#!/usr/bin/env node
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { openDatabase, type LensDatabase } from '../core/db/database';
import { hashMasterKey } from '../core/db/masterKey';
import { redactSecrets } from '../core/db/redact';
import { LensError } from '../core/errors';
import { Capabilities } from '../core/schema/capabilities';
import { introspect } from '../core/schema/introspect';
import type { CliCommand, CliContext } from './command';
import { COMMANDS } from './commands/index';
import { helpText } from './help';
// The one version number: package.json's, inlined by the bundler (only this field is kept).
import { version } from '../../package.json';

const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  demo: { type: 'boolean' },
  json: { type: 'boolean' },
  'statement-timeout': { type: 'string' },
  'master-key-env': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function findCommand(argv: string[]): { command?: CliCommand; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--db' || arg === '--statement-timeout' || arg === '--master-key-env') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    const command = COMMANDS.find((c) => c.name === arg);
    if (!command) {
      throw new LensError(
        'usage',
        `Unknown command "${arg}".`,
        `Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See litellm-lens --help.`,
      );
    }
    return { command, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { rest: argv };
}

/** Runs the CLI; returns the exit code. Streams and env are injectable so tests can run it in-process. */
export async function runCli(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv; signal: AbortSignal },
): Promise<number> {
  let json = argv.includes('--json');
  let db: LensDatabase | undefined;
  let demo: { close(): Promise<void> } | undefined;
  let secrets: (string | undefined)[] = [];
  try {
    const { command, rest } = findCommand(argv);
    if (!command) {
      if (rest.includes('--version')) {
        io.stdout.write(`${version}\n`);
        return 0;
      }
      io.stdout.write(helpText(COMMANDS));
      return rest.length === 0 || rest.includes('--help') || rest.includes('-h') ? 0 : 2;
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: command.allowPositionals ?? false,
        strict: true,
      });
    } catch (err) {
      throw new LensError('usage', (err as Error).message, `Usage: litellm-lens ${command.usage}`);
    }
    const { values, positionals } = parsed;
    json = values.json === true;
    if (values.help) {
      io.stdout.write(`litellm-lens ${command.usage}\n\n${command.summary}\n`);
      return 0;
    }
    const timeoutText = typeof values['statement-timeout'] === 'string' ? values['statement-timeout'] : undefined;
    const statementTimeoutMs = timeoutText === undefined ? undefined : Number(timeoutText) * 1000;
    if (statementTimeoutMs !== undefined && !(statementTimeoutMs >= 0)) {
      throw new LensError('usage', `Invalid --statement-timeout ${timeoutText}`, 'Seconds, e.g. --statement-timeout 120 (0 = none).');
    }
    const dbUrl = typeof values.db === 'string' ? values.db : undefined;
    secrets = [dbUrl, io.env.DATABASE_URL, io.env.PGPASSWORD];
    let caps: Capabilities | undefined;
    const masterKeyHash = masterKeyHashFrom(values['master-key-env'], io.env);
    const ctx: CliContext = {
      masterKeyHash,
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      json,
      signal: io.signal,
      async openDatabase() {
        if (db) return db;
        if (values.demo) {
          const { startDemoServer } = await import('../core/demo/server');
          io.stderr.write('Using the built-in demo database.\n');
          const server = await startDemoServer({});
          demo = server;
          db = await openDatabase({ url: server.url, statementTimeoutMs, env: io.env });
        } else {
          db = await openDatabase({ url: dbUrl, statementTimeoutMs, env: io.env });
        }
        return db;
      },
      async openSchema() {
        if (caps) return caps;
        const database = await ctx.openDatabase();
        caps = new Capabilities(await introspect(database, 'public', io.signal));
        caps.requireLiteLLM(database.connection.database);
        return caps;
      },
      progress(message) {
        const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
        io.stderr.write(tty ? `\r\x1b[2K${message}` : `${message}\n`);
      },
    };
    return (await command.run(values, positionals, ctx)) ?? 0;
  } catch (err) {
    const error = err instanceof LensError ? err : new LensError('other', (err as Error)?.message ?? String(err));
    const message = redactSecrets(error.message, secrets);
    const hint = error.hint ? redactSecrets(error.hint, secrets) : undefined;
    io.stderr.write(`error: ${message}\n${hint ? `hint: ${hint}\n` : ''}`);
    if (json) io.stdout.write(`${JSON.stringify({ error: { kind: error.kind, message, hint, exitCode: error.exitCode } })}\n`);
    return error.exitCode;
  } finally {
    await db?.close();
    await demo?.close();
  }
}

/**
 * `--master-key-env VAR`: the hash LiteLLM stores for the master key held in $VAR (db/masterKey.ts). The key itself
 * is read once and dropped; neither it nor its hash is ever printed.
 */
function masterKeyHashFrom(name: string | boolean | string[] | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (typeof name !== 'string') return undefined;
  const key = env[name];
  if (!key) {
    throw new LensError(
      'usage',
      `--master-key-env ${name}: the environment variable ${name} is not set or empty.`,
      `Set ${name} to the LiteLLM master key (general_settings.master_key), e.g. export ${name}=sk-…`,
    );
  }
  return hashMasterKey(key);
}

if (require.main === module) {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Allocation-site pretenuring keeps the young generation at a few MB while an export streams, so each batch's
  // rows are promoted and old space fills with them until a full GC: 290 MB peak RSS instead of 170 MB
  // (src/core/cbf/README.md, "Memory"). This process is ours alone, unlike the extension host.
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  // A daily export holds one day's rows while it sorts and splits them; by default V8 lets old space grow to
  // several times what is live before a full GC (~300 MB peak RSS on a million rows). Growing by 50 % at most
  // keeps it under 200 MB, for more garbage-collection time (30 % cost ~5 % more CPU for no less memory once rows
  // were read without a string per field; src/core/cbf/README.md, "Memory").
  v8.setFlagsFromString('--heap-growing-percent=50');
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err: unknown) => {
      process.stderr.write(`error: ${redactSecrets(String(err))}\n`);
      process.exitCode = 1;
    });
}
