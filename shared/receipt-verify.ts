import type { SignedReceipt } from './contract/payments';
import { base64UrlDecode, canonicalJson, utf8Bytes } from './receipt-canonical';

/**
 * Checks a receipt's signature with nothing but the worker's public key: the JWK published at
 * `GET /v1/receipts/keys`. Runs wherever WebCrypto has Ed25519 (browsers, Node 20+, workerd), so
 * a payee, an auditor or the extension can verify a receipt without trusting the worker's answer.
 */

/** An Ed25519 public key as a JWK (RFC 8037): `x` is the 32-byte key, base64url. */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid?: string;
}

/** Ed25519 public keys and signatures have fixed sizes. */
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/**
 * The few WebCrypto members used here. The shared code compiles without the DOM library, so
 * `crypto.subtle` is reached through `globalThis` with this minimal shape.
 */
interface MinimalSubtleCrypto {
  importKey(
    format: 'jwk',
    keyData: { kty: string; crv: string; x: string },
    algorithm: { name: 'Ed25519' },
    extractable: boolean,
    keyUsages: ['verify'],
  ): Promise<unknown>;
  verify(algorithm: { name: 'Ed25519' }, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

function subtleCrypto(): MinimalSubtleCrypto {
  const subtle = (globalThis as { crypto?: { subtle?: MinimalSubtleCrypto } }).crypto?.subtle;
  if (!subtle) throw new Error('receipt verification needs WebCrypto (globalThis.crypto.subtle)');
  return subtle;
}

/**
 * True when `signed.signature` is a valid Ed25519 signature by `publicJwk` over the canonical JSON
 * of `signed.receipt`. A malformed key, signature or algorithm is simply not a valid signature.
 * When the key carries a `kid`, the signature must name the same key.
 */
export async function verifyReceiptSignature(publicJwk: Ed25519PublicJwk, signed: SignedReceipt): Promise<boolean> {
  const { signature } = signed;
  if (signature.alg !== 'Ed25519') return false;
  if (publicJwk.kid !== undefined && publicJwk.kid !== signature.keyId) return false;
  if (publicJwk.kty !== 'OKP' || publicJwk.crv !== 'Ed25519') return false;
  const publicKeyBytes = base64UrlDecode(publicJwk.x);
  if (publicKeyBytes?.length !== ED25519_PUBLIC_KEY_BYTES) return false;
  const signatureBytes = base64UrlDecode(signature.value);
  if (signatureBytes?.length !== ED25519_SIGNATURE_BYTES) return false;

  const subtle = subtleCrypto();
  // Only the key material is imported: `alg`, `use` and `key_ops` vary between publishers and
  // WebCrypto implementations refuse some of their spellings.
  const key = await subtle.importKey(
    'jwk',
    { kty: 'OKP', crv: 'Ed25519', x: publicJwk.x },
    { name: 'Ed25519' },
    false,
    ['verify'],
  );
  return subtle.verify({ name: 'Ed25519' }, key, signatureBytes, utf8Bytes(canonicalJson(signed.receipt)));
}
