// Recovering who signed a key server request (PROTOCOL.md §5); the typed data is in core/chain.
// The digest is ethers' EIP-712 hash, with the two message encoders and each domain's separator
// built once rather than for every request as `verifyTypedData` does (a tenth of its cost). The
// public key is recovered by libsecp256k1 (tiny-secp256k1's WebAssembly build), seven times faster
// than ethers' JavaScript curve; what it accepts and refuses is ethers' `recoverAddress`, tested
// side by side on valid, high-s, wrong-v and random signatures (eip712.test.ts).
import { computeAddress, concat, getBytes, hexlify, keccak256, Signature, TypedDataEncoder } from 'ethers';
import type { TypedDataDomain } from 'ethers';
import { recover } from 'tiny-secp256k1';
import { depositTypes, unlockTypes } from '../core/chain/keyServerTypedData';
import type { DepositMessage, UnlockMessage } from './requestSchemas';

export type SignedRequest =
  { kind: 'deposit'; message: DepositMessage } | { kind: 'unlock'; message: UnlockMessage };

const encoders = {
  deposit: { primaryType: 'Deposit', encoder: TypedDataEncoder.from(depositTypes) },
  unlock: { primaryType: 'Unlock', encoder: TypedDataEncoder.from(unlockTypes) },
} as const;

const domainSeparators = new WeakMap<TypedDataDomain, string>();

function domainSeparator(domain: TypedDataDomain): string {
  let separator = domainSeparators.get(domain);
  if (separator === undefined) {
    separator = TypedDataEncoder.hashDomain(domain);
    domainSeparators.set(domain, separator);
  }
  return separator;
}

/** The EIP-712 digest the request's signer signed: the same as `TypedDataEncoder.hash`. */
export function requestDigest(domain: TypedDataDomain, request: SignedRequest): string {
  const { primaryType, encoder } = encoders[request.kind];
  return keccak256(
    concat(['0x1901', domainSeparator(domain), encoder.hashStruct(primaryType, request.message)]),
  );
}

/** What libsecp256k1 recovers a public key from: the digest, r ‖ s, and the recovery id. */
export interface RecoveryInput {
  digest: Uint8Array;
  compact: Uint8Array;
  recoveryId: 0 | 1;
}

/** The recovery input of a 65-byte signature, or null when it is malformed or its s is high (EIP-2). */
export function recoveryInput(digest: string, signature: string): RecoveryInput | null {
  try {
    const parsed = Signature.from(signature);
    // Reading `s` throws for a non-canonical (high) s, as ethers' own recovery does.
    return {
      digest: getBytes(digest),
      compact: getBytes(concat([parsed.r, parsed.s])),
      recoveryId: parsed.yParity,
    };
  } catch {
    return null;
  }
}

/** The uncompressed public key that made the signature, or null when no point recovers. */
export function recoverPublicKey(input: RecoveryInput): Uint8Array | null {
  try {
    return recover(input.digest, input.compact, input.recoveryId, false);
  } catch {
    // r or s out of range, or no point on the curve: nobody signed it.
    return null;
  }
}

export function addressOf(publicKey: Uint8Array | null): string | null {
  return publicKey ? computeAddress(hexlify(publicKey)) : null;
}

/** The address that signed `digest`, or null when the signature is not a valid one. */
export function recoverSigner(digest: string, signature: string): string | null {
  const input = recoveryInput(digest, signature);
  return input && addressOf(recoverPublicKey(input));
}
