import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { LensDatabase } from '../src/core/db/database';

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** utime, stime, cutime, cstime of a process, in ms (all its threads; cutime/cstime hold its reaped children). */
export function processTimes(pid: number): number[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 15)
    .map((t) => Number(t) * TICK_MS);
}

/**
 * CPU ms used so far by a local PostgreSQL server: the postmaster's reaped children plus every live child. On a
 * busy machine this, not the wall clock, is the time the server spent on the queries.
 */
export function serverCpuMs(postmaster: number): number {
  const [, , cutime, cstime] = processTimes(postmaster);
  let total = cutime + cstime;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!new RegExp(`^PPid:\\s+${postmaster}$`, 'm').test(readFileSync(`/proc/${entry}/status`, 'utf8'))) continue;
      const [utime, stime] = processTimes(Number(entry));
      total += utime + stime;
    } catch {
      // The process ended while we read it: its time is now in the postmaster's cutime.
    }
  }
  return total;
}

/** The postmaster of the server behind `db`, when it runs on this machine. */
export async function postmasterOf(db: LensDatabase): Promise<number | null> {
  const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  try {
    return Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${rows[0].pid}/status`, 'utf8'))?.[1]);
  } catch {
    return null;
  }
}
