import { assert } from './assert';

/**
 * The canonical JSON of a receipt: the exact bytes its signature covers. Object keys are sorted
 * recursively (by UTF-16 code units, as `Array.prototype.sort` compares strings), there is no
 * whitespace, and strings and numbers are written as `JSON.stringify` writes them. Two parties
 * that hold the same receipt therefore produce the same bytes, whatever order its keys came in.
 *
 * Only JSON data is accepted: a value JSON cannot carry faithfully (undefined, a function, NaN,
 * Infinity, a Date, a Map) is a programmer error, because what is signed must be exactly what the
 * verifier reads back. `JSON.stringify` escapes lone surrogates, so the text is always valid UTF-16.
 */

/** Nesting depth the canonical form accepts; receipts are two levels deep. */
export const CANONICAL_JSON_DEPTH_MAX = 16;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

function write(value: unknown, depth: number): string {
  assert(depth <= CANONICAL_JSON_DEPTH_MAX, `canonical JSON: deeper than ${CANONICAL_JSON_DEPTH_MAX} levels`);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    assert(Number.isFinite(value), `canonical JSON: ${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => write(item, depth + 1)).join(',')}]`;
  assert(isPlainObject(value), `canonical JSON: a ${typeof value} is not JSON data`);
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${write(value[key], depth + 1)}`);
  return `{${members.join(',')}}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** UTF-8 bytes of a string, without relying on TextEncoder (absent from the ES library types). */
export function utf8Bytes(text: string): Uint8Array<ArrayBuffer> {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    assert(code < 0xd800 || code > 0xdfff, 'utf8Bytes: a lone surrogate has no UTF-8 form');
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
  }
  return new Uint8Array(bytes);
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64url without padding (RFC 4648 §5), the encoding of JWK members and receipt signatures. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += BASE64URL_ALPHABET[(chunk >> (18 - 6 * c)) & 0x3f];
  }
  return out;
}

/** The bytes of a base64url text, or null when it is not canonical unpadded base64url. */
export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    buffer = (buffer << 6) | BASE64URL_ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  // Leftover bits must be zero, so that each byte string has exactly one text.
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return new Uint8Array(bytes);
}
