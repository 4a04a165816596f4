// Recovering who signed a key server request (PROTOCOL.md §5); the typed data is in core/chain.
// Both message types are fixed, so their EIP-712 encoding is written out here as bytes (every
// field is one 32-byte word, `bytes` hashed) instead of going through ethers' generic encoder,
// which spends most of its time converting hex; the result is the very digest
// `TypedDataEncoder.hash` gives (eip712.test.ts checks them side by side on random messages).
// The public key is recovered by libsecp256k1 (secp256k1Recovery.ts), many times faster than
// ethers' JavaScript curve; what it accepts and refuses is ethers' `recoverAddress`, tested side by
// side on valid, high-s, wrong-v and random signatures.
import { TypedDataEncoder } from 'ethers';
import type { TypedDataDomain } from 'ethers';
import { depositTypes, unlockTypes } from '../protocol/keyServerTypedData';
import { keccak256 } from './keccak';
import { recoverPublicKey } from './secp256k1Recovery';
import type { RecoverPublicKey } from './secp256k1Recovery';
import type { DepositMessage, UnlockMessage } from './requestSchemas';

export type SignedRequest =
  { kind: 'deposit'; message: DepositMessage } | { kind: 'unlock'; message: UnlockMessage };

const WORD = 32;

function fromHex(hex: string): Buffer {
  return Buffer.from(hex.slice(2), 'hex');
}

const typeHashes = {
  deposit: keccak256(Buffer.from(TypedDataEncoder.from(depositTypes).encodeType('Deposit'))),
  unlock: keccak256(Buffer.from(TypedDataEncoder.from(unlockTypes).encodeType('Unlock'))),
};

/** The domain's EIP-712 separator, in 32 bytes of its own (it is sent to crypto threads). */
export function domainSeparator(domain: TypedDataDomain): Uint8Array {
  return new Uint8Array(fromHex(TypedDataEncoder.hashDomain(domain)));
}

/** Writes `value` (already range-checked by the request schema) as a big-endian word. */
function writeUint(words: Buffer, index: number, value: bigint): void {
  let rest = value;
  for (let offset = (index + 1) * WORD - 8; offset >= index * WORD; offset -= 8) {
    words.writeBigUInt64BE(rest & 0xffff_ffff_ffff_ffffn, offset);
    rest >>= 64n;
  }
}

/** Writes 0x-hex bytes right-aligned in a word: an address is left-padded with zeros. */
function writeHex(words: Buffer, index: number, hex: string): void {
  const bytes = hex.length / 2 - 1;
  words.write(hex.slice(2), (index + 1) * WORD - bytes, bytes, 'hex');
}

/** hashStruct of the message: keccak256(typeHash ‖ one word per field). */
function structHash(request: SignedRequest): Buffer {
  if (request.kind === 'unlock') {
    const { artist, trackId, listener, recipientKey, nonce, deadline } = request.message;
    const words = Buffer.alloc(7 * WORD);
    typeHashes.unlock.copy(words, 0);
    writeHex(words, 1, artist);
    writeUint(words, 2, trackId);
    writeHex(words, 3, listener);
    writeHex(words, 4, recipientKey);
    writeHex(words, 5, nonce);
    writeUint(words, 6, deadline);
    return keccak256(words);
  }
  const { artist, trackId, envelope, nonce, deadline } = request.message;
  const words = Buffer.alloc(6 * WORD);
  typeHashes.deposit.copy(words, 0);
  writeHex(words, 1, artist);
  writeUint(words, 2, trackId);
  keccak256(fromHex(envelope)).copy(words, 3 * WORD);
  writeHex(words, 4, nonce);
  writeUint(words, 5, deadline);
  return keccak256(words);
}

/** The EIP-712 digest the request's signer signed: `TypedDataEncoder.hash`, as bytes. */
export function requestDigest(separator: Uint8Array, request: SignedRequest): Buffer {
  return keccak256(Buffer.concat([Buffer.from([0x19, 0x01]), separator, structHash(request)]));
}

/** What libsecp256k1 recovers a public key from: r ‖ s and the recovery id. */
interface RecoveryInput {
  compact: Buffer;
  recoveryId: 0 | 1;
}

/**
 * r ‖ s and the recovery id of a 65-byte 0x-hex signature, or null where ethers' `Signature.from`
 * refuses it: not 65 bytes, a high s (EIP-2), or a v that is none of 0, 1, 27, 28 or ≥ 35 (where,
 * as in EIP-155, an odd v means recovery id 0).
 */
function recoveryInput(signature: string): RecoveryInput | null {
  const bytes = signature.startsWith('0x') && signature.length === 132 ? fromHex(signature) : undefined;
  if (bytes?.length !== 65 || (bytes[32] ?? 0) & 0x80) return null;
  const v = bytes[64] ?? 0;
  const recoveryId = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : v >= 35 ? (v & 1 ? 0 : 1) : null;
  return recoveryId === null ? null : { compact: bytes.subarray(0, 64), recoveryId };
}

/** The lower-case 0x address of an uncompressed public key: the last 20 bytes of its keccak256. */
function addressOf(publicKey: Uint8Array): string {
  return `0x${keccak256(publicKey.subarray(1)).toString('hex', 12)}`;
}

/**
 * The signer of `digest`, as a lower-case 0x address, or null when the signature is not a valid one.
 * `recover` is this platform's libsecp256k1 unless a test names one of its builds.
 */
export function recoverSigner(
  digest: Uint8Array,
  signature: string,
  recover: RecoverPublicKey = recoverPublicKey,
): string | null {
  const input = recoveryInput(signature);
  if (!input) return null;
  try {
    const publicKey = recover(digest, input.compact, input.recoveryId);
    return publicKey && addressOf(publicKey);
  } catch {
    // r or s out of range, or no point on the curve: nobody signed it.
    return null;
  }
}
