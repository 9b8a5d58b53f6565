import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Receipt, SignedReceipt } from '../../shared/contract/payments';
import { base64UrlDecode, base64UrlEncode, canonicalJson } from '../../shared/receipt-canonical';
import { verifyReceiptSignature } from '../../shared/receipt-verify';
import type { Env } from '../../worker/env';
import { receiptPublicKeys, signReceipt, verifyReceipt } from '../../worker/receipts/signing';

const RECEIPT: Receipt = {
  id: 'rcpt_0123456789',
  intentId: 'pi_AbCdEfGhIjKlMnOpQrStUv',
  payer: { xUserId: '1500000000000000001', username: 'alice', name: 'Alice Émile' },
  payee: { xUserId: '1500000000000000002', username: 'bob', name: 'Bob 🍕' },
  amountMinor: 1250,
  currency: 'EUR',
  tweetId: '1900000000000000123',
  tweetUrl: 'https://x.com/alice/status/1900000000000000123',
  settledAt: '2026-11-25T12:00:00.000Z',
};

const workerEnv = env as unknown as Env;

async function otherPrivateJwk(): Promise<JsonWebKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey;
}

/** Every way to change one field of the receipt, nested ones included. */
const TAMPERINGS: Array<[string, (receipt: Receipt) => void]> = [
  ['id', (r) => (r.id = 'rcpt_0123456788')],
  ['intentId', (r) => (r.intentId = 'pi_AbCdEfGhIjKlMnOpQrStUw')],
  ['payer.xUserId', (r) => (r.payer!.xUserId = '1500000000000000003')],
  ['payer.username', (r) => (r.payer!.username = 'alicia')],
  ['payer.name', (r) => (r.payer!.name = 'Alice Emile')],
  ['payee.xUserId', (r) => (r.payee.xUserId = '1500000000000000001')],
  ['payee.username', (r) => (r.payee.username = 'mallory')],
  ['payee.name', (r) => (r.payee.name = 'Bob 🍔')],
  ['amountMinor', (r) => (r.amountMinor = 125000)],
  ['currency', (r) => (r.currency = 'USD')],
  ['tweetId', (r) => (r.tweetId = '1900000000000000124')],
  ['tweetUrl', (r) => (r.tweetUrl = 'https://x.com/alice/status/1900000000000000124')],
  ['settledAt', (r) => (r.settledAt = '2026-11-25T12:00:01.000Z')],
  ['an added field', (r) => Object.assign(r, { refunded: false })],
  ['a removed field', (r) => delete (r as Partial<Receipt>).settledAt],
];

describe('signReceipt and verifyReceipt', () => {
  it('verify a receipt they signed', async () => {
    const signed = await signReceipt(workerEnv, RECEIPT);
    expect(signed.receipt).toEqual(RECEIPT);
    expect(signed.signature.alg).toBe('Ed25519');
    expect(base64UrlDecode(signed.signature.value)).toHaveLength(64);
    expect(await verifyReceipt(workerEnv, signed)).toBe(true);
  });

  it('sign the receipt exactly as an independent Ed25519 verifier reads it', async () => {
    const signed = await signReceipt(workerEnv, RECEIPT);
    const [jwk] = await receiptPublicKeys(workerEnv);
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: 'OKP', crv: 'Ed25519', x: jwk!.x },
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    // The canonical text written by hand: keys sorted at every level, no spaces.
    const text =
      '{"amountMinor":1250,"currency":"EUR","id":"rcpt_0123456789","intentId":"pi_AbCdEfGhIjKlMnOpQrStUv",' +
      '"payee":{"name":"Bob 🍕","username":"bob","xUserId":"1500000000000000002"},' +
      '"payer":{"name":"Alice Émile","username":"alice","xUserId":"1500000000000000001"},' +
      '"settledAt":"2026-11-25T12:00:00.000Z","tweetId":"1900000000000000123",' +
      '"tweetUrl":"https://x.com/alice/status/1900000000000000123"}';
    const signature = base64UrlDecode(signed.signature.value)!;
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, new TextEncoder().encode(text))).toBe(true);
  });

  it.each(TAMPERINGS)('refuse a receipt whose %s changed after signing', async (_field, tamper) => {
    const signed = await signReceipt(workerEnv, RECEIPT);
    const tampered: SignedReceipt = structuredClone(signed);
    tamper(tampered.receipt);
    expect(await verifyReceipt(workerEnv, tampered)).toBe(false);
    const [jwk] = await receiptPublicKeys(workerEnv);
    expect(await verifyReceiptSignature(jwk!, tampered)).toBe(false);
  });

  it('refuse a signature made with another key, even under our key id', async () => {
    const otherEnv: Env = { ...workerEnv, RECEIPT_SIGNING_KEY: JSON.stringify(await otherPrivateJwk()) };
    const signedElsewhere = await signReceipt(otherEnv, RECEIPT);
    expect(await verifyReceipt(otherEnv, signedElsewhere)).toBe(true);
    expect(await verifyReceipt(workerEnv, signedElsewhere)).toBe(false);

    const [ourKey] = await receiptPublicKeys(workerEnv);
    const forged: SignedReceipt = {
      ...signedElsewhere,
      signature: { ...signedElsewhere.signature, keyId: ourKey!.kid },
    };
    expect(await verifyReceipt(workerEnv, forged)).toBe(false);
    expect(await verifyReceiptSignature(ourKey!, forged)).toBe(false);
  });

  it('refuse malformed signatures', async () => {
    const signed = await signReceipt(workerEnv, RECEIPT);
    const bytes = base64UrlDecode(signed.signature.value)!;
    const flipped = Uint8Array.from(bytes);
    flipped[10] = flipped[10]! ^ 1;
    const variants = [
      base64UrlEncode(flipped),
      signed.signature.value.slice(0, -2),
      `${signed.signature.value}AA`,
      signed.signature.value.replace(/[A-Za-z]/, '+'),
      '',
    ];
    for (const value of variants) {
      expect(await verifyReceipt(workerEnv, { ...signed, signature: { ...signed.signature, value } })).toBe(false);
    }
    const otherAlg = { ...signed, signature: { ...signed.signature, alg: 'HS256' } } as unknown as SignedReceipt;
    expect(await verifyReceipt(workerEnv, otherAlg)).toBe(false);
  });

  it('names the key by its RFC 7638 thumbprint when the JWK has no kid', async () => {
    const jwk = await otherPrivateJwk();
    const otherEnv: Env = { ...workerEnv, RECEIPT_SIGNING_KEY: JSON.stringify({ ...jwk, kid: undefined }) };
    const [publicJwk] = await receiptPublicKeys(otherEnv);
    const members = `{"crv":"Ed25519","kty":"OKP","x":"${jwk.x}"}`;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(members)));
    expect(publicJwk!.kid).toBe(base64UrlEncode(digest));
    expect(publicJwk).not.toHaveProperty('d');
  });

  it('refuse to sign without a key in live mode, with a key that is not Ed25519, or whose x is not its own', async () => {
    const live: Env = { ...workerEnv, X_MODE: 'live', RECEIPT_SIGNING_KEY: undefined };
    await expect(signReceipt(live, RECEIPT)).rejects.toThrow(/RECEIPT_SIGNING_KEY is not set/);
    const notJson: Env = { ...workerEnv, RECEIPT_SIGNING_KEY: '{nope' };
    await expect(signReceipt(notJson, RECEIPT)).rejects.toThrow(/not JSON/);
    const notEd25519: Env = {
      ...workerEnv,
      RECEIPT_SIGNING_KEY: JSON.stringify({ kty: 'EC', crv: 'P-256', d: 'a', x: 'b' }),
    };
    await expect(signReceipt(notEd25519, RECEIPT)).rejects.toThrow(/Ed25519 private JWK/);
    const [one, two] = [await otherPrivateJwk(), await otherPrivateJwk()];
    const mismatched: Env = { ...workerEnv, RECEIPT_SIGNING_KEY: JSON.stringify({ ...one, x: two.x }) };
    await expect(signReceipt(mismatched, RECEIPT)).rejects.toThrow();
  });

  it('still verify receipts of a retired key after a rotation, and publish it', async () => {
    const oldJwk = { ...(await otherPrivateJwk()), kid: 'receipts-2025' };
    const oldEnv: Env = { ...workerEnv, RECEIPT_SIGNING_KEY: JSON.stringify(oldJwk) };
    const signedBefore = await signReceipt(oldEnv, RECEIPT);

    const retired = [{ kty: 'OKP', crv: 'Ed25519', x: oldJwk.x, kid: 'receipts-2025' }];
    const newJwk = { ...(await otherPrivateJwk()), kid: 'receipts-2026' };
    const rotated: Env = {
      ...workerEnv,
      RECEIPT_SIGNING_KEY: JSON.stringify(newJwk),
      RECEIPT_RETIRED_PUBLIC_KEYS: JSON.stringify(retired),
    };
    expect((await receiptPublicKeys(rotated)).map((key) => key.kid)).toEqual(['receipts-2026', 'receipts-2025']);
    expect(await verifyReceipt(rotated, signedBefore)).toBe(true);
    expect((await signReceipt(rotated, RECEIPT)).signature.keyId).toBe('receipts-2026');
    // Without the retired key, the old receipt no longer verifies.
    const forgotten: Env = { ...rotated, RECEIPT_RETIRED_PUBLIC_KEYS: undefined };
    expect(await verifyReceipt(forgotten, signedBefore)).toBe(false);

    const withoutKid: Env = { ...rotated, RECEIPT_RETIRED_PUBLIC_KEYS: JSON.stringify([{ ...retired[0], kid: '' }]) };
    await expect(receiptPublicKeys(withoutKid)).rejects.toThrow(/kid/);
  });

  it('refuse to sign something that is not a receipt', async () => {
    const bad = { ...RECEIPT, amountMinor: 12.5 };
    await expect(signReceipt(workerEnv, bad)).rejects.toThrow(/not a valid receipt/);
  });
});

describe('GET /v1/receipts/keys', () => {
  it('publishes the public key as a JWK Set that verifies receipts, and never the private part', async () => {
    const res = await exports.default.fetch('http://worker/v1/receipts/keys');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/public/);
    const body = (await res.json()) as { keys: Array<Record<string, string>> };
    expect(body.keys).toHaveLength(1);
    const [key] = body.keys;
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA' });
    expect(key).not.toHaveProperty('d');
    const signed = await signReceipt(workerEnv, RECEIPT);
    expect(signed.signature.keyId).toBe(key!.kid);
    expect(await verifyReceiptSignature(key as never, signed)).toBe(true);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[3,{"y":true,"z":null}]},"b":1}',
    );
  });

  it('is the same whatever order the keys came in', () => {
    const reversed = Object.fromEntries(
      Object.entries(RECEIPT)
        .reverse()
        .map(([key, value]) =>
          typeof value === 'object' && value !== null
            ? [key, Object.fromEntries(Object.entries(value).reverse())]
            : [key, value],
        ),
    );
    expect(Object.keys(reversed)).not.toEqual(Object.keys(RECEIPT));
    expect(canonicalJson(reversed)).toBe(canonicalJson(RECEIPT));
    expect(canonicalJson(JSON.parse(canonicalJson(RECEIPT)))).toBe(canonicalJson(RECEIPT));
  });

  it('refuses values JSON cannot carry', () => {
    for (const value of [{ a: undefined }, { a: Number.NaN }, { a: Number.POSITIVE_INFINITY }, new Date(0), () => 1]) {
      expect(() => canonicalJson(value)).toThrow(/canonical JSON/);
    }
  });
});

describe('base64url', () => {
  it('round-trips every length and refuses non-canonical text', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      const text = base64UrlEncode(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(base64UrlDecode(text)).toEqual(bytes);
    }
    expect(base64UrlEncode(new TextEncoder().encode('hello?>'))).toBe('aGVsbG8_Pg');
    expect(base64UrlDecode('aGVsbG8/Pg')).toBeNull();
    expect(base64UrlDecode('aGVsbG8_Ph')).toBeNull();
    expect(base64UrlDecode('a')).toBeNull();
  });
});
