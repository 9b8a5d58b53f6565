import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Miniflare } from 'miniflare';

/**
 * Runs the production worker bundle (`wrangler deploy --dry-run`) in workerd through Miniflare,
 * on loopback, with a local D1 and the X API routed to a sandbox: the same code that is deployed,
 * only its outbound requests to api.x.com land in the sandbox instead of X.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const MIGRATIONS_DIR = path.join(REPO_ROOT, 'worker/migrations');
const COMPATIBILITY_DATE = '2026-04-20';

export interface WorkerRuntimeOptions {
  /** Where the API requests to X go: the sandbox's fetch. */
  outbound: (request: Request) => Promise<Response>;
  /** A folder keeping D1 between runs; omitted: in memory. */
  persistDir?: string;
  port?: number;
  /** Values for the vars; defaults are those of wrangler.toml's [env.sandbox]. */
  vars?: Record<string, string>;
  /** Rate limiters replacing those of wrangler.toml's [env.sandbox] (a test seeding many rows). */
  rateLimits?: Record<string, RateLimitSetting>;
}

export interface RateLimitSetting {
  simple: { limit: number; period: number };
}

export interface WorkerRuntime {
  origin: string;
  miniflare: Miniflare;
  /** Runs the worker's `scheduled` handler once, as the cron trigger would at `scheduledTimeMs`. */
  runScheduled(scheduledTimeMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Bundles the worker exactly as `wrangler deploy` would, into a fresh temporary folder. */
export function bundleWorker(): string {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'hashpay-worker-'));
  execFileSync(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/wrangler/bin/wrangler.js'),
      'deploy',
      '--dry-run',
      '--env=sandbox',
      '--outdir',
      outDir,
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_LOG_PATH: path.join(os.tmpdir(), 'wrangler-logs'),
      },
    },
  );
  return path.join(outDir, 'index.js');
}

export async function startWorker(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const scriptPath = bundleWorker();
  const miniflare = new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: { DB: 'hashpay-local' },
    ...(options.persistDir ? { d1Persist: path.join(options.persistDir, 'd1') } : {}),
    bindings: { ...wranglerVars(), ...options.vars },
    ratelimits: { ...wranglerRateLimits(), ...options.rateLimits },
    ...wranglerQueues(),
    outboundService: (request: unknown) => options.outbound(request as Request) as never,
    host: '127.0.0.1',
    port: options.port ?? 0,
  });
  let url: URL;
  try {
    url = await miniflare.ready;
    await applyMigrations(miniflare);
  } catch (error) {
    // A start that failed (its port taken meanwhile) leaves no workerd behind.
    await miniflare.dispose().catch(() => {});
    throw error;
  }
  return {
    origin: url.origin,
    miniflare,
    async runScheduled(scheduledTimeMs = Date.now()) {
      const worker = await miniflare.getWorker();
      await worker.scheduled({ scheduledTime: new Date(scheduledTimeMs), cron: '* * * * *' });
    },
    close: () => miniflare.dispose(),
  };
}

/**
 * Applies the migrations not applied yet (those named before `options.before` only, when given),
 * recording them in the table `wrangler d1 migrations` uses, so the local database stays
 * compatible with wrangler's own commands.
 */
export async function applyMigrations(miniflare: Miniflare, options: { before?: string } = {}): Promise<string[]> {
  const { unstable_splitSqlQuery } = await import('wrangler');
  const db = await miniflare.getD1Database('DB');
  await db
    .prepare(
      'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)',
    )
    .run();
  const applied = new Set(
    (await db.prepare('SELECT name FROM d1_migrations').all<{ name: string }>()).results.map((row) => row.name),
  );
  const names = readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  const newlyApplied: string[] = [];
  for (const name of names) {
    if (applied.has(name)) continue;
    if (options.before !== undefined && name >= options.before) break;
    const queries = unstable_splitSqlQuery(readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8'));
    await db.batch([
      ...queries.map((query) => db.prepare(query)),
      db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(name),
    ]);
    newlyApplied.push(name);
  }
  return newlyApplied;
}

/** The vars of wrangler.toml's [env.sandbox] (flat string values only, which is all it holds). */
export function wranglerVars(): Record<string, string> {
  const section = sandboxSection('[env.sandbox.vars]');
  const vars: Record<string, string> = {};
  for (const match of section.matchAll(/^([A-Z0-9_]+)\s*=\s*"([^"]*)"\s*$/gm)) {
    vars[match[1]!] = match[2]!;
  }
  return vars;
}

/** The rate limiters of wrangler.toml's [env.sandbox], as Miniflare simulates them. */
export function wranglerRateLimits(): Record<string, { simple: { limit: number; period: number } }> {
  const toml = readFileSync(path.join(REPO_ROOT, 'wrangler.toml'), 'utf8');
  const limiters: Record<string, { simple: { limit: number; period: number } }> = {};
  const blocks = toml.split(/^\[\[env\.sandbox\.ratelimits\]\]\s*$/m).slice(1);
  for (const block of blocks) {
    const body = block.split(/^\[/m)[0] ?? '';
    const name = /^name\s*=\s*"([A-Z0-9_]+)"/m.exec(body)?.[1];
    const simple = /^simple\s*=\s*\{\s*limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)\s*\}/m.exec(body);
    if (!name || !simple) throw new Error('wrangler.toml: a [[env.sandbox.ratelimits]] block lacks name or simple');
    limiters[name] = { simple: { limit: Number(simple[1]), period: Number(simple[2]) } };
  }
  return limiters;
}

/**
 * The queues of wrangler.toml's [env.sandbox] as Miniflare runs them in workerd: the producer
 * bindings and the consumers (batch size and timeout, retries, retry delay, dead-letter queue).
 */
export function wranglerQueues(): {
  queueProducers: Record<string, { queueName: string }>;
  queueConsumers: Record<string, QueueConsumerSetting>;
} {
  const toml = readFileSync(path.join(REPO_ROOT, 'wrangler.toml'), 'utf8');
  const blocksOf = (header: string) =>
    toml
      .split(new RegExp(`^\\[\\[${header.replaceAll('.', '\\.')}\\]\\]\\s*$`, 'm'))
      .slice(1)
      .map((block) => block.split(/^\[/m)[0] ?? '');
  const text = (body: string, key: string) => new RegExp(`^${key}\\s*=\\s*"([^"]+)"`, 'm').exec(body)?.[1];
  const number = (body: string, key: string) => {
    const value = new RegExp(`^${key}\\s*=\\s*(\\d+)`, 'm').exec(body)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const queueProducers: Record<string, { queueName: string }> = {};
  for (const body of blocksOf('env.sandbox.queues.producers')) {
    const binding = text(body, 'binding');
    const queueName = text(body, 'queue');
    if (!binding || !queueName) throw new Error('wrangler.toml: a queue producer lacks binding or queue');
    queueProducers[binding] = { queueName };
  }
  const queueConsumers: Record<string, QueueConsumerSetting> = {};
  for (const body of blocksOf('env.sandbox.queues.consumers')) {
    const queueName = text(body, 'queue');
    if (!queueName) throw new Error('wrangler.toml: a queue consumer lacks its queue');
    const setting: QueueConsumerSetting = {};
    const [size, timeout, retries, delay] = ['max_batch_size', 'max_batch_timeout', 'max_retries', 'retry_delay'].map(
      (key) => number(body, key),
    );
    if (size !== undefined) setting.maxBatchSize = size;
    if (timeout !== undefined) setting.maxBatchTimeout = timeout;
    if (retries !== undefined) setting.maxRetries = retries;
    if (delay !== undefined) setting.retryDelay = delay;
    const deadLetterQueue = text(body, 'dead_letter_queue');
    if (deadLetterQueue) setting.deadLetterQueue = deadLetterQueue;
    queueConsumers[queueName] = setting;
  }
  return { queueProducers, queueConsumers };
}

export interface QueueConsumerSetting {
  maxBatchSize?: number;
  maxBatchTimeout?: number;
  maxRetries?: number;
  retryDelay?: number;
  deadLetterQueue?: string;
}

function sandboxSection(header: string): string {
  const toml = readFileSync(path.join(REPO_ROOT, 'wrangler.toml'), 'utf8');
  const start = toml.indexOf(`\n${header}\n`);
  if (start < 0) throw new Error(`wrangler.toml has no ${header}`);
  return toml.slice(start + header.length + 2).split(/^\[/m)[0] ?? '';
}
