import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { descendantProcesses, isProcessAlive, listProcesses } from './process-tree';

describe('process tree', () => {
  it('lists this process with its parent', () => {
    const self = listProcesses().find((entry) => entry.pid === process.pid);

    expect(self?.ppid).toBe(process.ppid);
  });

  it('finds a child and its grandchild while they run, and neither once they are gone', async () => {
    const child = spawn('/bin/sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    await new Promise((done) => setTimeout(done, 200));
    const childPid = child.pid as number;

    const running = descendantProcesses(process.pid);
    const grandchild = running.find((entry) => entry.ppid === childPid);
    // Ending the sleep ends the shell waiting for it.
    const exited = once(child, 'exit');
    if (grandchild) process.kill(grandchild.pid, 'SIGTERM');
    else child.kill('SIGTERM');
    await exited;

    expect(running.map((entry) => entry.pid)).toContain(childPid);
    expect(grandchild?.command).toBe('sleep');
    expect(isProcessAlive(childPid)).toBe(false);
    expect(descendantProcesses(process.pid).map((entry) => entry.pid)).not.toContain(childPid);
  });
});
