import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface EventLoopReport {
  /** Longest stretch this thread ran without returning to the event loop (ms, ~10 ms resolution on Linux). */
  longestBusyMs: number;
  /** Longest time a 2 ms timer waited beyond its due time (ms): blocking plus, on a busy machine, CPU contention. */
  maxDelayMs: number;
}

const STAT = `/proc/self/task/${process.pid}/stat`;

/**
 * CPU time of the main thread in ms (Linux: utime + stime of its /proc task, in 10 ms clock ticks); undefined
 * elsewhere. Node 20 has no per-thread CPU clock, and process.cpuUsage() counts the worker threads too.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(STAT, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Watches this thread's event loop until stop(). A 2 ms timer samples the loop's active time (event-loop
 * utilisation) and the thread's CPU time between two ticks: their smaller value is time the loop was held by
 * JavaScript. A late tick with neither only means the OS ran other threads (shared cores), which is not blocking.
 */
export function watchEventLoop(): { stop(): EventLoopReport } {
  let last = performance.now();
  let elu = performance.eventLoopUtilization();
  let cpu = mainThreadCpuMs();
  const report: EventLoopReport = { longestBusyMs: 0, maxDelayMs: 0 };
  const tick = (): void => {
    const now = performance.now();
    const currentElu = performance.eventLoopUtilization();
    const currentCpu = mainThreadCpuMs();
    const active = performance.eventLoopUtilization(currentElu, elu).active;
    const busy = cpu === undefined || currentCpu === undefined ? active : Math.min(active, currentCpu - cpu);
    report.longestBusyMs = Math.max(report.longestBusyMs, busy);
    report.maxDelayMs = Math.max(report.maxDelayMs, now - last - 2);
    last = now;
    elu = currentElu;
    cpu = currentCpu;
  };
  const timer = setInterval(tick, 2);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return report;
    },
  };
}
