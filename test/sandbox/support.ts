/** Helpers of the sandbox's own tests: requests to its API as the worker sends them, and the X fixtures. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SANDBOX_APP_BEARER } from './index.js';

const FIXTURES_DIR = path.join(import.meta.dirname, 'fixtures/x-api');

export function xFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, name), 'utf8')) as Record<string, unknown>;
}

export function apiRequest(pathAndQuery: string, init: RequestInit & { bearer?: string } = {}): Request {
  const { bearer = SANDBOX_APP_BEARER, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (bearer !== '') headers.set('authorization', `Bearer ${bearer}`);
  return new Request(`https://api.x.com${pathAndQuery}`, { ...rest, headers });
}

export async function body(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** Keys of an object, sorted, to compare shapes with X's captured payloads. */
export function keysOf(value: unknown): string[] {
  return Object.keys(value as object).sort();
}
