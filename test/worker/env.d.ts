import type { D1Migration } from 'cloudflare:test';
import type { Env as WorkerEnv } from '../../worker/env';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** 5 requests a minute: stands in for a real limiter in the rate-limit tests. */
      RATE_LIMIT_FEW_FOR_TESTS: RateLimit;
    }
    interface GlobalProps {
      mainModule: typeof import('../../worker/index');
    }
  }
}
