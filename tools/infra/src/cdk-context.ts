import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The context of cdk.json (feature flags included). The CDK CLI passes it to main.ts; tests
 * build their App with it so they synthesize exactly what the CLI would.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'cdk.json');
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { context?: Record<string, unknown> };
  return { ...parsed.context };
}
