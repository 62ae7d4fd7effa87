/**
 * How every operator tool ends: known problems (usage, configuration, a plan that cannot be
 * carried out, AWS refusing) as one line and exit code 1, never a stack trace.
 */
import { describeAwsError } from '../preflight/aws';

// These tools run on the workspace's Node 20; the SDK's Node 22 notice is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export function runTool(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const isAwsError = typeof (error as { $metadata?: unknown } | undefined)?.$metadata === 'object';
      const message = isAwsError ? describeAwsError(error) : error instanceof Error ? error.message : String(error);
      console.error(`infra ${name}: ${message.split('\n')[0]}`);
      process.exit(1);
    },
  );
}
