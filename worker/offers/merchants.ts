import { createMiddleware } from 'hono/factory';
import {
  type CreateMerchantRequest,
  type CreateMerchantResponse,
  MERCHANT_API_KEY_PATTERN,
} from '../../shared/contract/offers';
import {
  cardMerchantIdsOf,
  findMerchantByKeyHash,
  findMerchantByName,
  insertMerchantStatements,
  isMerchantsUniqueViolation,
  type MerchantRow,
  merchantFromRow,
  ownersOfCardMerchantIds,
  replaceApiKeyHash,
} from '../db/merchants';
import type { Env } from '../env';
import { HttpProblem } from '../problem';
import { randomBase64Url, sha256Hex } from '../session';

/**
 * Merchants and their API keys. A key is `hpm_` and 32 random bytes, shown once when made and
 * stored only as its SHA-256, so a copy of the database lets no one act as a merchant.
 */

const MERCHANT_API_KEY_PREFIX = 'hpm_';
const MERCHANT_API_KEY_BYTES = 32;
const MERCHANT_ID_RANDOM_BYTES = 16;

export function newMerchantApiKey(): string {
  return MERCHANT_API_KEY_PREFIX + randomBase64Url(MERCHANT_API_KEY_BYTES);
}

/**
 * Creates a merchant with a fresh API key. `onExisting: 'new-key'` (sandbox only) answers a
 * merchant of the same name and acceptor ids with a new key, so demos can be seeded again.
 */
export async function createMerchant(
  db: D1Database,
  request: CreateMerchantRequest,
  nowMs: number,
  onExisting: 'conflict' | 'new-key',
): Promise<{ created: boolean; response: CreateMerchantResponse }> {
  const apiKey = newMerchantApiKey();
  const apiKeyHash = await sha256Hex(apiKey);
  const existing = await findMerchantByName(db, request.name);
  if (existing !== null) return answerExisting(db, existing, request, apiKey, apiKeyHash, onExisting);

  const owners = await ownersOfCardMerchantIds(db, request.merchantIds);
  if (owners.size > 0) {
    throw new HttpProblem(
      409,
      'merchant-id-taken',
      `These merchant ids already belong to another merchant: ${[...owners.keys()].join(', ')}.`,
    );
  }
  const row: MerchantRow = {
    id: `mer_${randomBase64Url(MERCHANT_ID_RANDOM_BYTES)}`,
    name: request.name,
    x_username: request.xUsername ?? null,
    api_key_hash: apiKeyHash,
    created_at_ms: nowMs,
  };
  try {
    await db.batch(insertMerchantStatements(db, row, request.merchantIds));
  } catch (error) {
    if (!isMerchantsUniqueViolation(error)) throw error;
    throw new HttpProblem(
      409,
      'merchant-exists',
      'A merchant with this name or one of these merchant ids was just created.',
    );
  }
  return { created: true, response: { merchant: merchantFromRow(row, [...request.merchantIds].sort()), apiKey } };
}

async function answerExisting(
  db: D1Database,
  existing: MerchantRow,
  request: CreateMerchantRequest,
  apiKey: string,
  apiKeyHash: string,
  onExisting: 'conflict' | 'new-key',
) {
  const cardMerchantIds = await cardMerchantIdsOf(db, existing.id);
  const same =
    (existing.x_username ?? undefined) === request.xUsername &&
    cardMerchantIds.join('\n') === [...request.merchantIds].sort().join('\n');
  if (onExisting === 'conflict' || !same) {
    throw new HttpProblem(409, 'merchant-exists', `A merchant named "${request.name}" already exists.`);
  }
  await replaceApiKeyHash(db, existing.id, apiKeyHash);
  return { created: false, response: { merchant: merchantFromRow(existing, cardMerchantIds), apiKey } };
}

export interface MerchantVariables {
  merchant: MerchantRow;
}

const MERCHANT_CHALLENGE = 'Bearer realm="hashpay-merchant"';

/** Lets the request through only with a known merchant API key, and puts the merchant in `c.var.merchant`. */
export const requireMerchant = createMiddleware<{ Bindings: Env; Variables: MerchantVariables }>(async (c, next) => {
  const header = c.req.header('authorization');
  if (!header) {
    throw new HttpProblem(
      401,
      'unauthorized',
      'Send the merchant API key as "Authorization: Bearer hpm_…".',
      undefined,
      {
        'www-authenticate': MERCHANT_CHALLENGE,
      },
    );
  }
  const key = /^Bearer +(\S+)$/i.exec(header.trim())?.[1];
  const merchant =
    key !== undefined && MERCHANT_API_KEY_PATTERN.test(key)
      ? await findMerchantByKeyHash(c.env.DB, await sha256Hex(key))
      : null;
  if (merchant === null) {
    throw new HttpProblem(401, 'unauthorized', 'This merchant API key is unknown or was replaced.', undefined, {
      'www-authenticate': `${MERCHANT_CHALLENGE}, error="invalid_token"`,
    });
  }
  c.set('merchant', merchant);
  await next();
});
