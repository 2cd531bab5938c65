import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { processTimes, serverCpuMs } from './cpu';

export interface RunResult {
  wallMs: number;
  /** Peak resident set (VmHWM) in MB, sampled from /proc while the process runs. */
  peakRssMb: number;
  /** CPU time of the process (all its threads and children), from its last /proc sample (every 10 ms). */
  cpuMs: number;
  /** CPU time a local PostgreSQL server spent meanwhile (see `withServerCpu`), when measured. */
  serverCpuMs?: number;
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

function cpuMsOf(pid: number): number {
  try {
    return processTimes(pid).reduce((a, b) => a + b, 0);
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
    let cpu = 0;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setInterval(() => {
      if (!child.pid) return;
      peak = Math.max(peak, highWaterMb(child.pid));
      cpu = Math.max(cpu, cpuMsOf(child.pid));
    }, 10);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} ${args.slice(0, 2).join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ wallMs, peakRssMb: peak, cpuMs: cpu, stdout, stderr });
    });
  });
}

/**
 * Best of n rounds (wall time) for each command, the commands alternating within a round so that a busy
 * machine slows them alike; keeps the largest RSS peak seen per command.
 */
export async function bestOfInterleaved(n: number, runs: (() => Promise<RunResult>)[]): Promise<RunResult[]> {
  const best: (RunResult | undefined)[] = runs.map(() => undefined);
  const peak = runs.map(() => 0);
  for (let i = 0; i < n; i++) {
    for (const [k, run] of runs.entries()) {
      const r = await run();
      peak[k] = Math.max(peak[k], r.peakRssMb);
      const current = best[k];
      if (!current || r.wallMs < current.wallMs) best[k] = r;
    }
  }
  return best.map((r, k) => ({ ...(r as RunResult), peakRssMb: peak[k] }));
}

/**
 * Adds the CPU time a local server (its postmaster `postmaster`) spent during `run` to its result. The backends
 * of the run's connections exit after it: their time counts once the postmaster has reaped them, so this waits
 * until the server's count stops moving (at most 1 s).
 */
export async function withServerCpu(postmaster: number | null, run: () => Promise<RunResult>): Promise<RunResult> {
  if (postmaster === null) return run();
  const before = serverCpuMs(postmaster);
  const result = await run();
  let last = serverCpuMs(postmaster);
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = serverCpuMs(postmaster);
    if (now === last) break;
    last = now;
  }
  return { ...result, serverCpuMs: last - before };
}
