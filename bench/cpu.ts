// CPU accounting for the benchmark: busy core-seconds of the whole machine and of each server,
// so a ratio below target can be traced to whoever spent the two cores.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const HZ = 100;

/** Busy CPU seconds of the whole machine since boot (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return (fields.reduce((a, b) => a + b, 0) - idle) / HZ;
}

interface Proc {
  pid: number;
  ppid: number;
  /** utime + stime, and the same for reaped children (PostgreSQL's exited backends). */
  self: number;
  reaped: number;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces or parentheses: fields start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(f[1]), self: (Number(f[11]) + Number(f[12])) / HZ, reaped: (Number(f[13]) + Number(f[14])) / HZ };
  } catch {
    return undefined;
  }
}

const pids = () =>
  readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);

/** CPU seconds of a process and its live children, plus what its reaped children used. */
export function treeSeconds(root: number): number {
  const all = pids()
    .map(readProc)
    .filter((p): p is Proc => !!p);
  const top = all.find((p) => p.pid === root);
  if (!top) return 0;
  return top.self + top.reaped + all.filter((p) => p.ppid === root).reduce((a, p) => a + p.self, 0);
}

/** The pid whose command line contains `needle` (e.g. a server's private folder). */
export function pidWith(needle: string): number | undefined {
  for (const pid of pids()) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(needle)) return pid;
    } catch {
      // gone
    }
  }
  return undefined;
}

/** PostgreSQL's postmaster, from the pid file in its data folder. */
export const postmasterPid = (serverDir: string) => Number(readFileSync(join(serverDir, "data", "postmaster.pid"), "utf8").split("\n")[0]);

/** A process's peak resident memory so far (VmHWM) in kB; 0 once it has exited. */
export function peakRssKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
