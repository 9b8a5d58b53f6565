/**
 * The control API under `/__sandbox/` on every host: how tests running inside workerd (which
 * reach the sandbox only by fetch) and browser tests drive the sandbox X.
 */
import { FAULT_KINDS, type Fault } from './faults.js';
import { json, type Route, readFields, route } from './route.js';
import { SandboxError } from './store.js';

export interface ControlTarget {
  createUser(input: { username: string; name?: string }): unknown;
  postTweet(input: { authorUsername: string; text: string; inReplyToId?: string }): unknown;
  editTweet(id: string, text: string): unknown;
  deleteTweet(id: string): void;
  backdateTweet(id: string, ms: number): unknown;
  setTweetLagging(id: string, lagging: boolean): unknown;
  setUserState(username: string, state: { protected?: boolean; suspended?: boolean }): unknown;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  stats(): unknown;
  authorize(input: { authorizeUrl: string; username: string; decision?: 'allow' | 'deny' }): string;
  seedDemo(): unknown;
}

function controlError(status: number, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'Sandbox control error', status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

type Fields = Record<string, unknown>;

function text(fields: Fields, name: string, required: boolean): string | undefined {
  const value = fields[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw new SandboxError(400, `${name} must be a non-empty string`);
  return value;
}

/** Wraps a handler: reads the JSON body, turns SandboxError into a problem response. */
function handler(run: (fields: Fields, params: Record<string, string>) => { status?: number; body: unknown }) {
  return async ({ request, params }: { request: Request; params: Record<string, string> }) => {
    const fields = request.method === 'GET' || request.method === 'DELETE' ? {} : await readFields(request);
    if (!fields) return controlError(400, 'the body must be a JSON object');
    try {
      const result = run(fields, params);
      return json(result.body, result.status ?? 200);
    } catch (error) {
      if (error instanceof SandboxError) return controlError(error.status, error.message);
      if (error instanceof Error && !(error instanceof TypeError)) return controlError(400, error.message);
      throw error;
    }
  };
}

export function createControlRoutes(target: ControlTarget): Route[] {
  return [
    route(
      'POST',
      '/__sandbox/users',
      handler((fields) => ({
        status: 201,
        body: target.createUser({ username: text(fields, 'username', true)!, name: text(fields, 'name', false) }),
      })),
    ),
    route(
      'POST',
      '/__sandbox/tweets',
      handler((fields) => ({
        status: 201,
        body: target.postTweet({
          authorUsername: text(fields, 'authorUsername', true)!,
          text: text(fields, 'text', true)!,
          inReplyToId: text(fields, 'inReplyToId', false),
        }),
      })),
    ),
    route(
      'POST',
      '/__sandbox/tweets/:id/edit',
      handler((fields, params) => ({ body: target.editTweet(params.id!, text(fields, 'text', true)!) })),
    ),
    route(
      'DELETE',
      '/__sandbox/tweets/:id',
      handler((_fields, params) => {
        target.deleteTweet(params.id!);
        return { body: { deleted: true } };
      }),
    ),
    route(
      'POST',
      '/__sandbox/tweets/:id/backdate',
      handler((fields, params) => {
        const ms = fields.ms;
        if (typeof ms !== 'number') throw new SandboxError(400, 'ms must be a number');
        return { body: target.backdateTweet(params.id!, ms) };
      }),
    ),
    route(
      'POST',
      '/__sandbox/tweets/:id/lag',
      handler((fields, params) => {
        const lagging = fields.lagging;
        if (typeof lagging !== 'boolean') throw new SandboxError(400, 'lagging must be a boolean');
        return { body: target.setTweetLagging(params.id!, lagging) };
      }),
    ),
    route(
      'POST',
      '/__sandbox/users/:username/state',
      handler((fields, params) => {
        const state: { protected?: boolean; suspended?: boolean } = {};
        for (const name of ['protected', 'suspended'] as const) {
          const value = fields[name];
          if (value === undefined) continue;
          if (typeof value !== 'boolean') throw new SandboxError(400, `${name} must be a boolean`);
          state[name] = value;
        }
        return { body: target.setUserState(params.username!, state) };
      }),
    ),
    route(
      'POST',
      '/__sandbox/faults',
      handler((fields) => {
        const kind = text(fields, 'kind', true) as Fault['kind'];
        if (!FAULT_KINDS.includes(kind)) throw new SandboxError(400, `kind must be one of ${FAULT_KINDS.join(', ')}`);
        const times = fields.times;
        if (times !== undefined && typeof times !== 'number') throw new SandboxError(400, 'times must be a number');
        target.injectFault({
          kind,
          path: text(fields, 'path', false),
          times,
          queryContains: text(fields, 'queryContains', false),
        });
        return { status: 201, body: { injected: true } };
      }),
    ),
    route(
      'DELETE',
      '/__sandbox/faults',
      handler(() => {
        target.clearFaults();
        return { body: { cleared: true } };
      }),
    ),
    route(
      'GET',
      '/__sandbox/stats',
      handler(() => ({ body: target.stats() })),
    ),
    route(
      'POST',
      '/__sandbox/oauth/authorize',
      handler((fields) => {
        const decision = fields.decision;
        if (decision !== undefined && decision !== 'allow' && decision !== 'deny') {
          throw new SandboxError(400, 'decision must be "allow" or "deny"');
        }
        const redirectUrl = target.authorize({
          authorizeUrl: text(fields, 'authorizeUrl', true)!,
          username: text(fields, 'username', true)!,
          decision,
        });
        return { body: { redirectUrl } };
      }),
    ),
    route(
      'POST',
      '/__sandbox/seed-demo',
      handler(() => ({ body: target.seedDemo() })),
    ),
  ];
}
