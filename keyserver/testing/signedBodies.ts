// A deposit and an unlock signed by one wallet over one domain, parsed as the routes see them.
import { randomBytes } from 'node:crypto';
import type { TypedDataDomain, Wallet } from 'ethers';
import { signDepositRequest, signUnlockRequest } from '../../protocol/keyServerTypedData';
import { depositBodySchema, unlockBodySchema } from '../requestSchemas';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;

/** The unlock names `wallet` as its listener, and `recipientKey` (random unless given) as its app's key. */
export async function signedBodies(
  wallet: Wallet,
  domain: TypedDataDomain,
  artist = wallet.address,
  recipientKey = hex(32),
) {
  const deadline = String(Math.floor(Date.now() / 1000) + 60);
  const deposit = depositBodySchema.parse(
    await signDepositRequest(wallet, domain, {
      artist,
      trackId: '5',
      envelope: hex(80),
      nonce: hex(32),
      deadline,
    }),
  );
  const unlock = unlockBodySchema.parse(
    await signUnlockRequest(wallet, domain, {
      artist,
      trackId: '5',
      listener: wallet.address,
      recipientKey,
      nonce: hex(32),
      deadline,
    }),
  );
  return { deposit, unlock };
}
