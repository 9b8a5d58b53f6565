import * as z from 'zod';
import { ProblemSchema } from '../../shared/contract/problem';
import { type Caller, OPERATIONS, type Operation } from './operations';

/**
 * The OpenAPI 3.1 document of the worker, generated from the shared zod contract (zod's
 * `toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Requests are described as
 * the contract accepts them, answers as it produces them; checks that JSON Schema cannot say
 * (a reference code's check character, cross-field rules) are stated by the 400 answer's
 * `errors` instead.
 */

const SECURITY: Record<Caller, { [scheme: string]: string[] }[]> = {
  public: [],
  session: [{ session: [] }],
  merchant: [{ merchantKey: [] }],
  operator: [{ operatorToken: [] }],
};

function jsonSchemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

function operationObject(operation: Operation) {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  return {
    summary: operation.summary,
    tags: [operation.audience],
    security: SECURITY[operation.caller],
    parameters: pathParameters(operation.path),
    ...(operation.request
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchemaOf(operation.request, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(operation.success.status)]: {
        description: 'Success',
        ...(operation.success.body
          ? { content: { 'application/json': { schema: jsonSchemaOf(operation.success.body, 'output') } } }
          : {}),
      },
      '4XX': { description: 'A problem the caller can act on (RFC 9457)', content: problem },
      '429': {
        description: 'Rate limited: try again after `retry-after` seconds',
        headers: { 'retry-after': { schema: { type: 'integer' } } },
        content: problem,
      },
      '5XX': { description: 'X refused (502 x-rejected) or is unavailable (503 x-unavailable)', content: problem },
    },
  };
}

export function openApiDocument(serverOrigin: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: operationObject(operation) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hashpay',
      version: '1',
      description:
        'Pay someone by tweeting, claim merchant offers by tweeting a hashtag. Amounts are integers in minor units. Every error is application/problem+json; every answer carries x-request-id.',
    },
    servers: [{ url: serverOrigin }],
    paths,
    components: {
      schemas: { Problem: jsonSchemaOf(ProblemSchema, 'output') },
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: 'A session token (hps_…) from /v1/auth/claim' },
        merchantKey: { type: 'http', scheme: 'bearer', description: "A merchant's API key (hpm_…)" },
        operatorToken: { type: 'http', scheme: 'bearer', description: "The deployment's OPERATOR_TOKEN" },
      },
    },
  };
}
