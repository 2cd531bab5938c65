import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunResult {
  wallMs: number;
  /** Peak resident set (VmHWM) in MB, sampled from /proc while the process runs. */
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

function highWaterMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0; // the process has exited between samples
  }
}

/** Runs a command to completion, timing it and sampling its peak RSS; rejects on a non-zero exit. */
export function runMeasured(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, highWaterMb(child.pid));
    }, 10);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} ${args.slice(0, 2).join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ wallMs, peakRssMb: peak, stdout, stderr });
    });
  });
}

/** Best of n runs (wall time), keeping the largest RSS peak seen. */
export async function bestOf(n: number, run: () => Promise<RunResult>): Promise<RunResult> {
  let best: RunResult | undefined;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const r = await run();
    peak = Math.max(peak, r.peakRssMb);
    if (!best || r.wallMs < best.wallMs) best = r;
  }
  return { ...(best as RunResult), peakRssMb: peak };
}
