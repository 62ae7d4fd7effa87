import { describe, expect, it } from 'vitest';
import {
  cpuAccountingAvailable,
  cpuSnapshot,
  cpuUsage,
  parseMachineBusyTicks,
  parseProcessTicks,
  perOperation,
  type CpuSnapshot,
} from './cpu';

describe('parseProcessTicks', () => {
  it('adds utime and stime even when the command name holds spaces and parentheses', () => {
    const line = '4242 (node (api) x) S 1 4242 4242 0 -1 4194304 1000 0 0 0 350 125 0 0 20 0 11 0 500 1000000 5000';

    expect(parseProcessTicks(line)).toBe(475);
  });
});

describe('parseMachineBusyTicks', () => {
  it('counts everything but idle and iowait', () => {
    const procStat = 'cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\nintr 1 2 3';

    expect(parseMachineBusyTicks(procStat)).toBe(100 + 5 + 50 + 3 + 2 + 1);
  });
});

describe('cpuUsage', () => {
  it('splits the interval’s busy time between the groups and everything else', () => {
    const before: CpuSnapshot = { atMs: 0, machineBusyS: 100, perGroupS: { api: 10, dynamodb: 20 } };
    const after: CpuSnapshot = { atMs: 10_000, machineBusyS: 118, perGroupS: { api: 15, dynamodb: 30 } };

    const usage = cpuUsage(before, after, 2);

    expect(usage).toEqual({
      wallS: 10,
      groupsS: { api: 5, dynamodb: 10 },
      otherS: 3,
      machineBusyS: 18,
      machineUtilisation: 0.9,
    });
  });
});

describe.runIf(cpuAccountingAvailable())('cpuSnapshot on Linux', () => {
  it('sees this process burn CPU', () => {
    const self = [{ name: 'self', pids: [process.pid] }];
    const before = cpuSnapshot(self)?.perGroupS['self'] ?? Infinity;

    // Spin until the kernel has charged at least one more tick (bounded, on a busy machine too).
    let after = before;
    const deadline = Date.now() + 10_000;
    while (after <= before && Date.now() < deadline) after = cpuSnapshot(self)?.perGroupS['self'] ?? before;

    expect(after).toBeGreaterThan(before);
  });
});

describe('perOperation', () => {
  it('divides each group’s CPU time by the number of operations, in ms', () => {
    const usage = {
      wallS: 10,
      groupsS: { api: 5, dynamodb: 10 },
      otherS: 3,
      machineBusyS: 18,
      machineUtilisation: 0.9,
    };

    expect(perOperation(usage, 1000)).toEqual({
      perOperationMs: { api: 5, dynamodb: 10 },
      otherPerOperationMs: 3,
      machineUtilisation: 0.9,
    });
    expect(perOperation(usage, 0)).toBeUndefined();
  });
});
