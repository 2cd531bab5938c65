import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main';

/** Runs the CLI in-process with captured stdout/stderr. */
export async function runCliCapture(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  signal = new AbortController().signal,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, { stdout, stderr, env: { PATH: process.env.PATH, ...env }, signal });
  return { code, stdout: out, stderr: err };
}
