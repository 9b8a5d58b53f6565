/** A small explicit router: the template of the matched route is also the key of the request counters. */

export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
}

export interface Route {
  method: string;
  /** e.g. `/2/tweets/:id`; `:name` matches one non-empty path segment. */
  template: string;
  handle(context: RouteContext): Response | Promise<Response>;
}

export function route(method: string, template: string, handle: Route['handle']): Route {
  return { method, template, handle };
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | undefined {
  const segments = pathname.split('/').slice(1);
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const templateSegments = candidate.template.split('/').slice(1);
    if (templateSegments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = templateSegments.every((part, index) => {
      const segment = segments[index]!;
      if (part.startsWith(':')) {
        const value = decodeSegment(segment);
        if (value === undefined || value === '') return false;
        params[part.slice(1)] = value;
        return true;
      }
      return part === segment;
    });
    if (matches) return { route: candidate, params };
  }
  return undefined;
}

/** A path segment decoded, or undefined when its escapes are malformed (then no route matches). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** X answers JSON with this exact content type. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers } });
}

/** Reads a JSON or form body as flat string fields; undefined when it is neither. */
export async function readFields(request: Request): Promise<Record<string, unknown> | undefined> {
  const text = await request.text();
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
