// Recovering who signed a key server request (PROTOCOL.md §5); the typed data is in core/chain.
import { verifyTypedData } from 'ethers';
import type { TypedDataDomain } from 'ethers';
import { depositTypes, unlockTypes } from '../core/chain/keyServerTypedData';
import type { DepositMessage, UnlockMessage } from './requestSchemas';

/** The address that signed the deposit over `domain`, or null when the signature is not a valid one. */
export function recoverDepositSigner(
  domain: TypedDataDomain,
  message: DepositMessage,
  signature: string,
): string | null {
  return recover(() => verifyTypedData(domain, depositTypes, message, signature));
}

/** The address that signed the unlock over `domain`, or null when the signature is not a valid one. */
export function recoverUnlockSigner(
  domain: TypedDataDomain,
  message: UnlockMessage,
  signature: string,
): string | null {
  return recover(() => verifyTypedData(domain, unlockTypes, message, signature));
}

function recover(verify: () => string): string | null {
  try {
    return verify();
  } catch {
    // ethers throws for a signature that is no point on the curve (or a bad v): nobody signed it.
    return null;
  }
}
