import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Structured logs: one JSON object per line, each carrying the id of the request (or scheduled
 * run) it belongs to, so a line in Workers Logs can be matched with the `x-request-id` a client
 * saw. Money events, X calls and jobs log through here; nothing else writes to the console.
 */

interface LogContext {
  requestId: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Runs `work` with every log line inside it tagged with `requestId`. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return context.run({ requestId }, work);
}

export function currentRequestId(): string | null {
  return context.getStore()?.requestId ?? null;
}

export type LogLevel = 'info' | 'warn' | 'error';
const LEVEL_RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };
let levelMin: LogLevel = 'info';

/** LOG_LEVEL ("info" by default; the tests keep "warn" to keep their output readable). */
export function configureLog(env: { LOG_LEVEL?: string }): void {
  levelMin = env.LOG_LEVEL === 'warn' || env.LOG_LEVEL === 'error' ? env.LOG_LEVEL : 'info';
}

export function log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  if (LEVEL_RANK[level] < LEVEL_RANK[levelMin]) return;
  const line = JSON.stringify({ level, event, requestId: currentRequestId(), ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
