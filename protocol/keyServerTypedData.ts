// EIP-712 typed data of PROTOCOL.md §5, shared by the key server (which verifies) and the app
// (which signs): the domain, the two message types, their wire form, and signing one.
import type { Signer, TypedDataDomain } from 'ethers';

export const depositTypes = {
  Deposit: [
    { name: 'artist', type: 'address' },
    { name: 'trackId', type: 'uint256' },
    { name: 'envelope', type: 'bytes' },
    { name: 'nonce', type: 'bytes32' },
    { name: 'deadline', type: 'uint64' },
  ],
};

export const unlockTypes = {
  Unlock: [
    { name: 'artist', type: 'address' },
    { name: 'trackId', type: 'uint256' },
    { name: 'listener', type: 'address' },
    { name: 'recipientKey', type: 'bytes32' },
    { name: 'nonce', type: 'bytes32' },
    { name: 'deadline', type: 'uint64' },
  ],
};

/** `{ name: "Busker Key Server", version: "1", chainId, verifyingContract: <ArtistFactory> }`. */
export function keyServerDomain(chainId: number, factory: string): TypedDataDomain {
  return { name: 'Busker Key Server', version: '1', chainId, verifyingContract: factory };
}

/** The wire form of a deposit: bytes as 0x-hex, integers as decimal strings. */
export interface DepositRequest {
  deposit: { artist: string; trackId: string; envelope: string; nonce: string; deadline: string };
  signature: string;
}

/** The wire form of an unlock request. */
export interface UnlockRequest {
  unlock: {
    artist: string;
    trackId: string;
    listener: string;
    recipientKey: string;
    nonce: string;
    deadline: string;
  };
  signature: string;
}

type TypedDataSigner = Pick<Signer, 'signTypedData'>;

/** Signs a deposit as the artist's owner would; the result is the request body. */
export async function signDepositRequest(
  signer: TypedDataSigner,
  domain: TypedDataDomain,
  deposit: DepositRequest['deposit'],
): Promise<DepositRequest> {
  return { deposit, signature: await signer.signTypedData(domain, depositTypes, deposit) };
}

/** Signs an unlock request as the listener would; the result is the request body. */
export async function signUnlockRequest(
  signer: TypedDataSigner,
  domain: TypedDataDomain,
  unlock: UnlockRequest['unlock'],
): Promise<UnlockRequest> {
  return { unlock, signature: await signer.signTypedData(domain, unlockTypes, unlock) };
}
