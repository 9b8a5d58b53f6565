import { env, exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';

it('health', async () => {
  const res = await exports.default.fetch('http://w/health');
  expect(res.status).toBe(200);
  const row = await env.DB.prepare('select count(*) n from meta').first();
  expect(row).toEqual({ n: 0 });
});
