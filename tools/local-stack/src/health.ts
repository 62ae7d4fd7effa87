import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `url` until it answers 2xx; fails with the last status or error after `timeoutMs`. */
export async function waitUntilHealthy(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(Math.max(500, Math.min(5_000, deadline - Date.now()))),
      });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last =
        (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    }
    await sleep(Math.min(50 * 2 ** attempt, 500));
  }
  throw new Error(`${url} was not healthy within ${timeoutMs} ms (last: ${last})`);
}
