import type { Env } from '../env';
import { XClient } from '../x/client';
import { xCredentials } from '../x/config';
import { paymentsConfig } from './config';

/** The app-only X client payments read tweets and users with, bounded by the configured timeout. */
export function xClientFor(env: Env): XClient {
  const { xRequestTimeoutMs } = paymentsConfig(env);
  return new XClient({
    appBearer: xCredentials(env).appBearer,
    ...(xRequestTimeoutMs === undefined ? {} : { timeoutMs: xRequestTimeoutMs }),
  });
}
