/** The machine a run happened on: the figures mean little without it. */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** The first lines of `lscpu` (absent where it is not installed). */
  readonly lscpu: readonly string[];
}

export function describeMachine(): MachineInfo {
  let lscpu: string[] = [];
  try {
    lscpu = execFileSync('lscpu', { encoding: 'utf8', timeout: 5000 })
      .split('\n')
      .filter(Boolean)
      .slice(0, 12)
      .map((line) => line.replace(/\s+/g, ' ').trim());
  } catch {
    // Not Linux, or util-linux missing: the other fields still describe the machine.
  }
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    lscpu,
  };
}

/** 1-, 5- and 15-minute load averages, rounded. Above the core count, other work competed for the CPU. */
export function loadAverage(): readonly [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = loadavg().map((value) => Math.round(value * 100) / 100);
  return [one, five, fifteen];
}
