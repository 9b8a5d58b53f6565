import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../worker/index';
import { OPERATIONS } from '../../worker/openapi/operations';

// The OpenAPI document is generated from the shared contract and lists only real routes.

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document of every listed operation, with the contract schemas', async () => {
    const res = await exports.default.fetch('http://worker/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const operation of OPERATIONS)
      expect(doc.paths[operation.path]?.[operation.method], operation.path).toBeDefined();
    const draft = doc.paths['/v1/payment-intents']?.post?.requestBody?.content['application/json']?.schema as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(draft.properties)).toEqual(
      expect.arrayContaining(['requestId', 'payeeHandle', 'potHashtag', 'amountMinor', 'currency', 'memo']),
    );
    const pot = doc.paths['/v1/pots']?.post?.requestBody?.content['application/json']?.schema as {
      properties: { title: { maxLength: number } };
    };
    expect(pot.properties.title.maxLength).toBe(120);
  });

  it('lists only routes the worker answers', () => {
    const routes = new Set(app.routes.map((route) => `${route.method} ${route.path}`));
    for (const operation of OPERATIONS) {
      const path = operation.path.replace(/\{([A-Za-z]+)\}/g, ':$1');
      expect(routes.has(`${operation.method.toUpperCase()} ${path}`), `${operation.method} ${path}`).toBe(true);
    }
  });
});

describe('GET /docs', () => {
  it('is a page for merchants and operators naming every operation', async () => {
    const res = await exports.default.fetch('http://worker/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('Merchants');
    expect(page).toContain('Operators');
    for (const operation of OPERATIONS) expect(page).toContain(operation.path);
  });
});
