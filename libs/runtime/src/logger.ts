import { redact, redactString } from './redact';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type LogAttributes = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, attributes?: LogAttributes): void;
  info(message: string, attributes?: LogAttributes): void;
  warn(message: string, attributes?: LogAttributes): void;
  error(message: string, attributes?: LogAttributes): void;
  /** A logger that adds these attributes (request id, order id, correlation id, …) to every line. */
  child(attributes: LogAttributes): Logger;
}

export interface LoggerOptions {
  /** `service` on every line; defaults to env POWERTOOLS_SERVICE_NAME or `ticketstoheaven`. */
  readonly service?: string;
  /** Minimum level; defaults to env LOG_LEVEL or INFO. */
  readonly level?: LogLevel;
  /** Where finished lines go; defaults to stdout (CloudWatch in Lambda). */
  readonly sink?: (line: string) => void;
  readonly attributes?: LogAttributes;
  /** Clock, injectable for tests. */
  readonly now?: () => Date;
}

const LEVEL_RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 };

export function parseLogLevel(raw: string | undefined, fallback: LogLevel = 'INFO'): LogLevel {
  const upper = raw?.trim().toUpperCase();
  if (upper === 'WARNING') return 'WARN';
  return upper && upper in LEVEL_RANK ? (upper as LogLevel) : fallback;
}

const RESERVED = new Set(['level', 'message', 'timestamp', 'service']);

/**
 * Structured JSON logger. Every line is redacted (see redact.ts) and carries the same
 * top-level keys as Powertools' logger (`level`, `message`, `timestamp`, `service`), so
 * CloudWatch Logs Insights queries work across all functions.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const service = options.service ?? process.env['POWERTOOLS_SERVICE_NAME'] ?? 'ticketstoheaven';
  const minimum = LEVEL_RANK[options.level ?? parseLogLevel(process.env['LOG_LEVEL'])];
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const traceId = () => process.env['_X_AMZN_TRACE_ID']?.split(';')[0]?.replace('Root=', '');

  const build = (base: LogAttributes): Logger => {
    const write = (level: LogLevel, message: string, attributes?: LogAttributes) => {
      if (LEVEL_RANK[level] < minimum) return;
      const line: Record<string, unknown> = {
        level,
        message: redactString(message),
        timestamp: now().toISOString(),
        service,
      };
      const trace = traceId();
      if (trace) line['xray_trace_id'] = trace;
      const extra = redact({ ...base, ...attributes }) as Record<string, unknown>;
      for (const [key, value] of Object.entries(extra)) line[RESERVED.has(key) ? `attr_${key}` : key] = value;
      try {
        sink(JSON.stringify(line));
      } catch {
        // A logger must never take the request down with it.
      }
    };
    return {
      debug: (message, attributes) => write('DEBUG', message, attributes),
      info: (message, attributes) => write('INFO', message, attributes),
      warn: (message, attributes) => write('WARN', message, attributes),
      error: (message, attributes) => write('ERROR', message, attributes),
      child: (attributes) => build({ ...base, ...attributes }),
    };
  };
  return build(options.attributes ?? {});
}

/** A logger that drops everything: the default where a test does not care about logs. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
