import { assert } from '../../shared/assert';
import { type Receipt, ReceiptSchema, type SignedReceipt, SignedReceiptSchema } from '../../shared/contract/payments';
import { base64UrlDecode, base64UrlEncode, canonicalJson, utf8Bytes } from '../../shared/receipt-canonical';
import { ED25519_PUBLIC_KEY_BYTES, type Ed25519PublicJwk, verifyReceiptSignature } from '../../shared/receipt-verify';
import type { Env } from '../env';

/**
 * Receipts are signed with the worker's Ed25519 key so that anyone holding the public key (served
 * at `GET /v1/receipts/keys`) can check one offline. The key is `RECEIPT_SIGNING_KEY`, a private
 * JWK as JSON, set in production with `wrangler secret put RECEIPT_SIGNING_KEY`.
 */

/**
 * SANDBOX ONLY. A published, fixed key so that local runs and tests sign receipts without any
 * setup. It is used only when X_MODE is "sandbox" and RECEIPT_SIGNING_KEY is unset; a receipt
 * signed with it proves nothing, since this private key is public.
 */
export const SANDBOX_ONLY_RECEIPT_SIGNING_JWK = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'JKmr-6x8-y09PAC3J2q3bGgrEPMngKEnlPCDet5EyQQ',
  x: 'XN4NKF59OctLFSmzXrNWgrl0rMyDwp9oeey0A78P92k',
  kid: 'sandbox-only-receipts',
} as const;

/** A public key as published in the JWKS: what a verifier needs, and what it is for. */
export interface ReceiptPublicJwk extends Ed25519PublicJwk {
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

interface ReceiptSigner {
  keyId: string;
  privateKey: CryptoKey;
  publicJwk: ReceiptPublicJwk;
}

/** Imported signers by the key text they came from: importing once per isolate is enough. */
const signers = new Map<string, Promise<ReceiptSigner>>();
/** Keys kept imported at once; production has one, a rotation briefly two. */
const SIGNERS_CACHED_MAX = 4;

function signingKeyText(env: Env): string {
  if (env.RECEIPT_SIGNING_KEY) return env.RECEIPT_SIGNING_KEY;
  if (env.X_MODE === 'sandbox') return JSON.stringify(SANDBOX_ONLY_RECEIPT_SIGNING_JWK);
  throw new Error(
    'RECEIPT_SIGNING_KEY is not set: put an Ed25519 private JWK (wrangler secret put RECEIPT_SIGNING_KEY)',
  );
}

function receiptSigner(env: Env): Promise<ReceiptSigner> {
  const keyText = signingKeyText(env);
  let signer = signers.get(keyText);
  if (!signer) {
    signer = importSigner(keyText);
    // A failed import is not cached: fixing the secret must not need a new isolate.
    signer.catch(() => signers.delete(keyText));
    if (signers.size >= SIGNERS_CACHED_MAX) signers.clear();
    signers.set(keyText, signer);
  }
  return signer;
}

async function importSigner(keyText: string): Promise<ReceiptSigner> {
  let jwk: unknown;
  try {
    jwk = JSON.parse(keyText);
  } catch {
    throw new Error('RECEIPT_SIGNING_KEY is not JSON: it must be an Ed25519 private JWK');
  }
  const { kty, crv, d, x, kid } = (jwk ?? {}) as Record<string, unknown>;
  if (kty !== 'OKP' || crv !== 'Ed25519' || typeof d !== 'string' || typeof x !== 'string') {
    throw new Error('RECEIPT_SIGNING_KEY must be an Ed25519 private JWK ({"kty":"OKP","crv":"Ed25519","d":…,"x":…})');
  }
  if (base64UrlDecode(x)?.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new Error('RECEIPT_SIGNING_KEY: "x" is not a 32-byte base64url key');
  }
  const privateKey = await crypto.subtle.importKey('jwk', { kty, crv, d, x }, { name: 'Ed25519' }, false, ['sign']);
  const keyId = typeof kid === 'string' && kid !== '' ? kid : await jwkThumbprint(x);
  const publicJwk: ReceiptPublicJwk = { kty: 'OKP', crv: 'Ed25519', x, kid: keyId, use: 'sig', alg: 'EdDSA' };

  // A private key whose "x" is not its own public key would sign receipts nobody can verify.
  const probe = await signWith(privateKey, keyId, PROBE_RECEIPT);
  if (!(await verifyReceiptSignature(publicJwk, probe))) {
    throw new Error('RECEIPT_SIGNING_KEY: "x" is not the public key of "d"');
  }
  return { keyId, privateKey, publicJwk };
}

/** RFC 7638 thumbprint of an Ed25519 public key: a stable key id when the JWK names none. */
async function jwkThumbprint(x: string): Promise<string> {
  const members = canonicalJson({ crv: 'Ed25519', kty: 'OKP', x });
  return base64UrlEncode(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8Bytes(members))));
}

async function signWith(privateKey: CryptoKey, keyId: string, receipt: Receipt): Promise<SignedReceipt> {
  const bytes = await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, utf8Bytes(canonicalJson(receipt)));
  return { receipt, signature: { alg: 'Ed25519', keyId, value: base64UrlEncode(new Uint8Array(bytes)) } };
}

/** Signs a receipt. It must be a valid receipt: only its contract fields are signed and returned. */
export async function signReceipt(env: Env, receipt: Receipt): Promise<SignedReceipt> {
  const parsed = ReceiptSchema.safeParse(receipt);
  assert(parsed.success, `signReceipt: not a valid receipt: ${parsed.error?.message}`);
  const signer = await receiptSigner(env);
  return signWith(signer.privateKey, signer.keyId, parsed.data);
}

/**
 * True when `signed` carries a valid signature by one of the worker's keys over exactly its
 * receipt: a changed, added or removed field, another key or a malformed signature is false.
 */
export async function verifyReceipt(env: Env, signed: SignedReceipt): Promise<boolean> {
  if (!SignedReceiptSchema.safeParse(signed).success) return false;
  const key = (await receiptPublicKeys(env)).find((candidate) => candidate.kid === signed.signature.keyId);
  if (!key) return false;
  // The receipt as given, not as parsed: parsing would drop fields that the signature never covered.
  return verifyReceiptSignature(key, signed);
}

/**
 * The public keys receipts may be verified with, as published at `GET /v1/receipts/keys`: the
 * current signing key first, then retired ones (after a rotation, receipts kept by their holders
 * still carry the old key id).
 */
export async function receiptPublicKeys(env: Env): Promise<ReceiptPublicJwk[]> {
  const signer = await receiptSigner(env);
  const retired = retiredPublicKeys(env).filter((key) => key.kid !== signer.keyId);
  return [signer.publicJwk, ...retired];
}

/** Retired keys named in the JWKS; each needs its `kid`, since that is how a receipt names its key. */
const RETIRED_KEYS_MAX = 8;

function retiredPublicKeys(env: Env): ReceiptPublicJwk[] {
  if (!env.RECEIPT_RETIRED_PUBLIC_KEYS) return [];
  let keys: unknown;
  try {
    keys = JSON.parse(env.RECEIPT_RETIRED_PUBLIC_KEYS);
  } catch {
    throw new Error('RECEIPT_RETIRED_PUBLIC_KEYS is not JSON: it must be an array of Ed25519 public JWKs');
  }
  if (!Array.isArray(keys) || keys.length > RETIRED_KEYS_MAX) {
    throw new Error(`RECEIPT_RETIRED_PUBLIC_KEYS must be an array of at most ${RETIRED_KEYS_MAX} public JWKs`);
  }
  return keys.map((key: Record<string, unknown>) => {
    const { kty, crv, x, kid } = key ?? {};
    if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string' || typeof kid !== 'string' || kid === '') {
      throw new Error('RECEIPT_RETIRED_PUBLIC_KEYS: each key must be {"kty":"OKP","crv":"Ed25519","x":…,"kid":…}');
    }
    if (base64UrlDecode(x)?.length !== ED25519_PUBLIC_KEY_BYTES) {
      throw new Error(`RECEIPT_RETIRED_PUBLIC_KEYS: key ${kid} is not a 32-byte base64url key`);
    }
    return { kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' };
  });
}

/** A fixed receipt signed once per imported key to prove the key pair is consistent. */
const PROBE_RECEIPT: Receipt = {
  id: 'rcpt_key_check',
  intentId: 'pi_AAAAAAAAAAAAAAAAAAAAAA',
  payer: { xUserId: '1', username: 'payer', name: 'Payer' },
  payee: { xUserId: '2', username: 'payee', name: 'Payee' },
  amountMinor: 1,
  currency: 'EUR',
  tweetId: '1',
  tweetUrl: 'https://x.com/payer/status/1',
  settledAt: '2026-01-01T00:00:00.000Z',
};
