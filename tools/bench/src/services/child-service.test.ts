import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepAliveAgent, send } from '../http-client';
import { startChildService, type ChildService } from './child-service';

const workspaceRoot = resolve(import.meta.dirname, '..', '..', '..', '..');
const fixture = (name: string) => resolve(import.meta.dirname, '..', 'testing', name);
let dir: string;
let service: ChildService | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bench-child-'));
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startChildService', () => {
  it('starts the service in its own process with the given env, reports its info and stats, and stops it', async () => {
    service = await startChildService({
      name: 'hello',
      script: fixture('hello-service.ts'),
      cwd: workspaceRoot,
      env: { HELLO_NAME: 'bench' },
      logFile: join(dir, 'hello.log'),
    });
    const agent = keepAliveAgent(1);

    const reply = await send(`${String(service.info['url'])}/`, { method: 'GET' }, agent);
    const stats = await service.stats();
    agent.destroy();
    const pid = service.pid;
    await service.stop();

    expect(pid).not.toBe(process.pid);
    expect(reply.body).toBe('hello bench');
    expect(stats).toEqual({ requests: 1 });
    expect(isAlive(pid)).toBe(false);
    expect(readFileSync(join(dir, 'hello.log'), 'utf8')).toContain('hello service listening');
  });

  it('fails with the service’s own error when it cannot start', async () => {
    const start = startChildService({
      name: 'broken',
      script: fixture('failing-service.ts'),
      cwd: workspaceRoot,
      env: {},
      logFile: join(dir, 'broken.log'),
    });

    await expect(start).rejects.toThrow(/broken failed to start: .*port 1 is not available/s);
  });
});
