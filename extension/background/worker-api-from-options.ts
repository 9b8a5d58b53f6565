import { loadOptions, type OptionsArea, workerOriginOf } from '../lib/options';
import { createWorkerApi, type WorkerApi, type WorkerApiOptions } from './api';

/**
 * The worker API at the address the options name, or the build's own when they name none; a
 * store build (`localBuild` false) always talks to its own. The options are read on every call,
 * so a change applies at once, without restarting the background; one client is kept per origin.
 */
export function createWorkerApiFollowingOptions(
  area: OptionsArea,
  buildOrigin: string,
  make: (options: WorkerApiOptions) => WorkerApi = createWorkerApi,
  localBuild = true,
): WorkerApi {
  const clients = new Map<string, WorkerApi>();

  async function current(): Promise<WorkerApi> {
    const origin = workerOriginOf(await loadOptions(area), { origin: buildOrigin, local: localBuild });
    let client = clients.get(origin);
    if (client === undefined) {
      client = make({ origin });
      clients.set(origin, client);
    }
    return client;
  }

  return new Proxy({} as WorkerApi, {
    get(_target, method) {
      return async (...args: unknown[]) => {
        const client = (await current()) as unknown as Record<PropertyKey, (...args: unknown[]) => unknown>;
        const call = client[method];
        if (typeof call !== 'function') throw new TypeError(`the worker API has no ${String(method)}`);
        return await call(...args);
      };
    },
  });
}
