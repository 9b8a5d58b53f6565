import { exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { HealthResponseSchema } from '../../shared/contract/health';

it('answers /health once the database answers', async () => {
  const res = await exports.default.fetch('http://worker/health');
  expect(res.status).toBe(200);
  const body = HealthResponseSchema.parse(await res.json());
  expect(body).toMatchObject({ ok: true, xMode: 'sandbox', configurationProblems: [], reconciliation: null });
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

it('answers unknown paths with a problem+json 404', async () => {
  const res = await exports.default.fetch('http://worker/nowhere');
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as { status: number; detail: string };
  expect(body.status).toBe(404);
  expect(body.detail).toMatch(/nothing/);
  expect(res.headers.get('x-request-id')).toBeTruthy();
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
});
