/**
 * X's webhook signatures (Account Activity API): the CRC answer that proves we hold the app's
 * consumer secret, and the `x-twitter-webhooks-signature` header that proves a delivery came from
 * X. Both are `sha256=` + base64(HMAC-SHA256(consumer secret, message)); for deliveries the message
 * is the raw body bytes exactly as received, so it is checked before any parsing.
 */

export const WEBHOOK_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';
/** CRC tokens are short random strings; anything longer is not X. */
export const CRC_TOKEN_LENGTH_MAX = 256;
const SIGNATURE_PREFIX = 'sha256=';
/** An HMAC-SHA256 is 32 bytes: 44 base64 characters. */
const HMAC_SHA256_BYTES = 32;

/**
 * SANDBOX ONLY: the consumer secret of the sandbox X. Used when X_MODE is "sandbox" and
 * X_WEBHOOK_SECRET is unset; the sandbox signs its deliveries with it.
 */
export const SANDBOX_X_WEBHOOK_SECRET = 'sandbox-webhook-secret';

function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  if (secret === '') throw new Error('webhook signature: the consumer secret is empty');
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    usage,
  ]);
}

function base64(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)));
}

/** `sha256=` + base64 HMAC-SHA256 of `message` under `secret`. */
export async function signatureOf(secret: string, message: Uint8Array<ArrayBuffer> | string): Promise<string> {
  const bytes = typeof message === 'string' ? new TextEncoder().encode(message) : message;
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), bytes);
  return SIGNATURE_PREFIX + base64(mac);
}

/** The answer to X's challenge-response check (`GET …?crc_token=`). */
export async function crcResponse(secret: string, crcToken: string): Promise<{ response_token: string }> {
  return { response_token: await signatureOf(secret, crcToken) };
}

/**
 * Whether `header` is the signature of `body` under `secret`. The comparison is WebCrypto's HMAC
 * verify, which takes the same time wherever the bytes differ, so timing reveals nothing of the
 * expected signature. A missing or malformed header is simply not valid.
 */
export async function verifySignature(
  secret: string,
  body: Uint8Array<ArrayBuffer>,
  header: string | null | undefined,
): Promise<boolean> {
  if (!header?.startsWith(SIGNATURE_PREFIX)) return false;
  const claimed = decodeBase64(header.slice(SIGNATURE_PREFIX.length));
  if (claimed?.length !== HMAC_SHA256_BYTES) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(secret, 'verify'), claimed, body);
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
