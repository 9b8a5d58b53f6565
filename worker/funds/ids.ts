import { TRANSFER_ID_LENGTH_MAX } from '../../shared/contract/ledger';
import { sha256Hex } from '../session';

const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;
/** Hex digits of SHA-256 kept when a provider id is too long to be part of a transfer id (192 bits). */
const HASHED_ID_HEX_LENGTH = 48;

/**
 * The ledger transfer id of what a provider object did: `purpose:objectId`, or, when that does not
 * fit a transfer id, `purpose:h:` and a digest of the object id. The same object always gives the
 * same id, so a redelivered, reordered or replayed event is a replay in the ledger, never a
 * second movement.
 */
export async function providerTransferId(purpose: string, objectId: string): Promise<string> {
  const plain = `${purpose}:${objectId}`;
  if (plain.length <= TRANSFER_ID_LENGTH_MAX && ID_PATTERN.test(plain)) return plain;
  return `${purpose}:h:${(await sha256Hex(objectId)).slice(0, HASHED_ID_HEX_LENGTH)}`;
}

/**
 * The id of the repayment an incoming transfer triggers: `incomingId:repay`, or a digest when that
 * does not fit. One incoming transfer repays once, however often its flow is replayed.
 */
export async function repaymentTransferId(incomingTransferId: string): Promise<string> {
  const plain = `${incomingTransferId}:repay`;
  if (plain.length <= TRANSFER_ID_LENGTH_MAX && ID_PATTERN.test(plain)) return plain;
  return `repay:h:${(await sha256Hex(incomingTransferId)).slice(0, HASHED_ID_HEX_LENGTH)}`;
}

/** A fresh id of ours: `prefix_` and 22 letters and digits. */
export function newFundsId(prefix: 'tu' | 'wd'): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  return `${prefix}_${Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')}`;
}
