import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { openApiDocument } from '../openapi/document';
import { OPERATIONS, type Operation } from '../openapi/operations';

const AUDIENCES: { audience: Operation['audience']; title: string }[] = [
  { audience: 'merchants', title: 'Merchants (Authorization: Bearer hpm_…)' },
  { audience: 'operators', title: 'Operators (Authorization: Bearer OPERATOR_TOKEN)' },
  { audience: 'everyone', title: 'Public reads' },
  { audience: 'extension', title: 'The extension (Authorization: Bearer hps_…)' },
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `GET /openapi.json` (the contract as OpenAPI 3.1) and `GET /docs` (the same, for people). */
export const openApi = new Hono<AppEnv>()
  .get('/openapi.json', (c) =>
    c.json(openApiDocument(c.env.WORKER_ORIGIN), 200, { 'cache-control': 'public, max-age=300' }),
  )
  .get('/docs', (c) => {
    const sections = AUDIENCES.map(({ audience, title }) => {
      const rows = OPERATIONS.filter((operation) => operation.audience === audience)
        .map(
          (operation) =>
            `<tr><td><code>${operation.method.toUpperCase()}</code></td><td><code>${escapeHtml(operation.path)}</code></td><td>${escapeHtml(operation.summary)}</td><td>${operation.success.status}</td></tr>`,
        )
        .join('');
      return `<h2>${escapeHtml(title)}</h2><table><thead><tr><th>Method</th><th>Path</th><th>What</th><th>Success</th></tr></thead><tbody>${rows}</tbody></table>`;
    }).join('');
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hashpay API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}code{font-size:.9em}</style>
</head><body><h1>Hashpay API</h1>
<p>Every request and answer body is JSON; amounts are integers in minor units (cents, yen). Every error is <code>application/problem+json</code> (RFC 9457) with a stable <code>type</code>; every answer carries <code>x-request-id</code>. Too many requests answer 429 with <code>retry-after</code>. The schemas of every body are in <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1), generated from the same contract the worker validates with.</p>
${sections}</body></html>`;
    return c.html(page, 200, { 'cache-control': 'public, max-age=300' });
  });
