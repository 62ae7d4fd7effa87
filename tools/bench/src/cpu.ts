/**
 * Where the machine's CPU time goes during a run, from Linux's /proc: per process group
 * (DynamoDB Local's JVM, the local API, the Stripe emulator, the load generator) and for
 * everything else on the machine (other engineers' builds and tests share these cores).
 * Elsewhere than Linux the figures are simply absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Linux's USER_HZ: /proc reports CPU time in 1/100 s on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export interface ProcessGroup {
  readonly name: string;
  readonly pids: readonly number[];
  /** Count the processes' children too (e.g. the JVM under DynamoDB Local's watchdog shell). */
  readonly withChildren?: boolean;
}

export interface CpuSnapshot {
  readonly atMs: number;
  /** Busy CPU seconds of the whole machine (all cores) since boot. */
  readonly machineBusyS: number;
  readonly perGroupS: Readonly<Record<string, number>>;
}

export interface CpuUsage {
  readonly wallS: number;
  /** CPU seconds per group during the interval. */
  readonly groupsS: Readonly<Record<string, number>>;
  /** Busy CPU seconds of processes outside the groups. */
  readonly otherS: number;
  readonly machineBusyS: number;
  /** Busy share of the machine's total capacity (cores × wall time), 0–1. */
  readonly machineUtilisation: number;
}

/** utime + stime (ticks) from a /proc/<pid>/stat line; the command may contain spaces and parentheses. */
export function parseProcessTicks(statLine: string): number {
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  // After the command: state(0) ppid(1) … utime(11) stime(12).
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`Unreadable /proc stat line: ${statLine.slice(0, 80)}`);
  return ticks;
}

/** Busy ticks (everything but idle and iowait) from the aggregate `cpu` line of /proc/stat. */
export function parseMachineBusyTicks(procStat: string): number {
  const line = procStat.split('\n').find((entry) => entry.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no aggregate cpu line');
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return user + nice + system + irq + softirq + steal;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function withDescendants(pid: number, seen = new Set<number>()): Set<number> {
  if (seen.has(pid)) return seen;
  seen.add(pid);
  for (const task of (readOrUndefined(`/proc/${pid}/task/${pid}/children`) ?? '').trim().split(/\s+/).filter(Boolean))
    withDescendants(Number(task), seen);
  return seen;
}

export const cpuAccountingAvailable = (): boolean =>
  existsSync('/proc/stat') && existsSync(`/proc/${process.pid}/stat`);

export function cpuSnapshot(groups: readonly ProcessGroup[]): CpuSnapshot | undefined {
  if (!cpuAccountingAvailable()) return undefined;
  const machine = readOrUndefined('/proc/stat');
  if (!machine) return undefined;
  const perGroupS: Record<string, number> = {};
  for (const group of groups) {
    let ticks = 0;
    const pids = new Set<number>();
    for (const root of group.pids) for (const pid of group.withChildren ? withDescendants(root) : [root]) pids.add(pid);
    for (const pid of pids) {
      const stat = readOrUndefined(`/proc/${pid}/stat`);
      if (stat) ticks += parseProcessTicks(stat);
    }
    perGroupS[group.name] = ticks / TICKS_PER_SECOND;
  }
  return { atMs: Date.now(), machineBusyS: parseMachineBusyTicks(machine) / TICKS_PER_SECOND, perGroupS };
}

export function cpuUsage(before: CpuSnapshot, after: CpuSnapshot, cores: number): CpuUsage {
  const wallS = (after.atMs - before.atMs) / 1000;
  const groupsS = Object.fromEntries(
    Object.keys(after.perGroupS).map((name) => [
      name,
      Math.max(0, (after.perGroupS[name] ?? 0) - (before.perGroupS[name] ?? 0)),
    ]),
  );
  const machineBusyS = Math.max(0, after.machineBusyS - before.machineBusyS);
  const inGroups = Object.values(groupsS).reduce((sum, seconds) => sum + seconds, 0);
  return {
    wallS,
    groupsS,
    otherS: Math.max(0, machineBusyS - inGroups),
    machineBusyS,
    machineUtilisation: wallS > 0 ? Math.min(1, machineBusyS / (wallS * cores)) : 0,
  };
}

export interface CpuPerOperation {
  /** CPU milliseconds per operation, by process group. */
  readonly perOperationMs: Readonly<Record<string, number>>;
  /** Other processes on the machine (other engineers' builds and tests), per operation. */
  readonly otherPerOperationMs: number;
  /** How busy the whole machine was (0–1 of all cores). */
  readonly machineUtilisation: number;
}

export function perOperation(usage: CpuUsage, operations: number): CpuPerOperation | undefined {
  if (operations <= 0) return undefined;
  const ms = (seconds: number) => (seconds * 1000) / operations;
  return {
    perOperationMs: Object.fromEntries(Object.entries(usage.groupsS).map(([name, seconds]) => [name, ms(seconds)])),
    otherPerOperationMs: ms(usage.otherS),
    machineUtilisation: usage.machineUtilisation,
  };
}

/** Runs `work` between two CPU snapshots; `usage` is absent where /proc is not available. */
export async function withCpuUsage<T>(
  groups: readonly ProcessGroup[],
  work: () => Promise<T>,
): Promise<{ readonly result: T; readonly usage?: CpuUsage }> {
  const before = cpuSnapshot(groups);
  const result = await work();
  const after = cpuSnapshot(groups);
  return before && after ? { result, usage: cpuUsage(before, after, availableParallelism()) } : { result };
}
