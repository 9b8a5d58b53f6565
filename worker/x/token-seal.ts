import type { Env } from '../env';

/**
 * AES-GCM for what Hashpay keeps of X's tokens: a fresh 96-bit IV per seal, sealed text =
 * base64url(IV ‖ ciphertext ‖ tag). The key is X_TOKEN_ENCRYPTION_KEY (32 random bytes in base64,
 * a secret); the sandbox has a published default, refused in live mode.
 */

/** SANDBOX ONLY: 32 bytes in base64, public, so tokens sealed with it are not secret. */
export const SANDBOX_X_TOKEN_ENCRYPTION_KEY = 'c2FuZGJveC1vbmx5LXgtdG9rZW4ta2V5LTMyLWJ5dGU=';
const IV_BYTES = 12;
const KEY_BYTES = 32;

export function tokenKeyConfigured(env: Env): string | null {
  if (env.X_TOKEN_ENCRYPTION_KEY) return env.X_TOKEN_ENCRYPTION_KEY;
  return env.X_MODE === 'sandbox' ? SANDBOX_X_TOKEN_ENCRYPTION_KEY : null;
}

async function keyOf(env: Env): Promise<CryptoKey> {
  const encoded = tokenKeyConfigured(env);
  if (encoded === null)
    throw new Error('X_TOKEN_ENCRYPTION_KEY is not set (wrangler secret put X_TOKEN_ENCRYPTION_KEY)');
  const raw = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
  if (raw.length !== KEY_BYTES) throw new Error(`X_TOKEN_ENCRYPTION_KEY must be ${KEY_BYTES} bytes in base64`);
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function seal(env: Env, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyOf(env), new TextEncoder().encode(plaintext)),
  );
  const bytes = new Uint8Array(IV_BYTES + sealed.length);
  bytes.set(iv);
  bytes.set(sealed, IV_BYTES);
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** The plaintext, or null when the text was not sealed with this key (tampered, or another key). */
export async function unseal(env: Env, sealedText: string): Promise<string | null> {
  try {
    const bytes = Uint8Array.from(atob(sealedText.replaceAll('-', '+').replaceAll('_', '/')), (char) =>
      char.charCodeAt(0),
    );
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES) },
      await keyOf(env),
      bytes.slice(IV_BYTES),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
