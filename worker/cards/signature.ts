import { CARD_SIGNATURE_TOLERANCE_S } from '../../shared/contract/cards';

/**
 * The card network's webhook signature: `x-card-signature: t=<unix seconds>,v1=<hex>`, where the
 * hex is HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp is inside the signed message, so a
 * captured delivery cannot be replayed with a fresh timestamp, and one older than the tolerance is
 * refused. Several `v1=` values may be present while the network rotates its secret.
 */

const HMAC_SHA256_HEX_LENGTH = 64;
/** A header longer than this is not the network's (a timestamp and a few signatures). */
const SIGNATURE_HEADER_LENGTH_MAX = 1024;

export type SignatureVerdict = 'valid' | 'missing' | 'malformed' | 'stale' | 'mismatch';

interface ParsedHeader {
  timestampS: number;
  signaturesHex: string[];
}

export function parseSignatureHeader(header: string | null | undefined): ParsedHeader | null {
  if (header === null || header === undefined || header.length > SIGNATURE_HEADER_LENGTH_MAX) return null;
  let timestampS: number | null = null;
  const signaturesHex: string[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (value === undefined || rest.length > 0) return null;
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestampS !== null) return null;
      timestampS = Number(value);
    } else if (key === 'v1') {
      if (value.length !== HMAC_SHA256_HEX_LENGTH || !/^[0-9a-f]+$/.test(value)) return null;
      signaturesHex.push(value);
    }
    // Other schemes (v0, future ones) are ignored, as the network's documentation asks.
  }
  if (timestampS === null || signaturesHex.length === 0) return null;
  return { timestampS, signaturesHex };
}

function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  if (secret === '') throw new Error('card webhook signature: the secret is empty');
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    usage,
  ]);
}

function signedMessage(timestampS: number, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = new TextEncoder().encode(`${timestampS}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix, 0);
  message.set(body, prefix.length);
  return message;
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The header value for `body` signed at `timestampS` (for the sandbox network and tests). */
export async function cardSignatureHeader(
  secret: string,
  timestampS: number,
  body: Uint8Array | string,
): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), signedMessage(timestampS, bytes));
  const hex = Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `t=${timestampS},v1=${hex}`;
}

/**
 * Whether `header` signs `body` under `secret` within the tolerance of `nowMs`. The comparison is
 * WebCrypto's HMAC verify, whose time does not depend on where the bytes differ.
 */
export async function verifyCardSignature(
  secret: string,
  body: Uint8Array,
  header: string | null | undefined,
  nowMs: number,
): Promise<SignatureVerdict> {
  if (header === null || header === undefined || header === '') return 'missing';
  const parsed = parseSignatureHeader(header);
  if (parsed === null) return 'malformed';
  if (Math.abs(nowMs / 1000 - parsed.timestampS) > CARD_SIGNATURE_TOLERANCE_S) return 'stale';
  const key = await hmacKey(secret, 'verify');
  const message = signedMessage(parsed.timestampS, body);
  for (const signatureHex of parsed.signaturesHex) {
    if (await crypto.subtle.verify('HMAC', key, hexBytes(signatureHex), message)) return 'valid';
  }
  return 'mismatch';
}
