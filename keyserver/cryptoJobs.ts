// The costly steps of a request, as jobs that run the same on the event loop or in a crypto thread
// (requestCrypto.ts): recovering who signed a request (the EIP-712 digest and libsecp256k1's
// recovery) and, for an unlock, sealing the content key to the listener (an ephemeral X25519 key,
// its shared secret, HKDF and AES-GCM).
import { missingCase } from '../base/missingCase';
import { sealEnvelope } from '../protocol/envelope';
import { recoverSigner, requestDigest } from './eip712';
import type { SignedRequest } from './eip712';
import type { UnlockMessage } from './requestSchemas';

export type CryptoJob =
  | { id: number; kind: 'recover'; separator: Uint8Array; request: SignedRequest; signature: string }
  /**
   * Recover the unlock's signer and, only when it is the listener the unlock names, seal `contentKey`
   * (a copy, wiped once used) to the unlock's recipient key for `context`.
   */
  | {
      id: number;
      kind: 'unlock';
      separator: Uint8Array;
      unlock: UnlockMessage;
      signature: string;
      contentKey: Uint8Array | null;
      context: string;
    };

export type CryptoResult =
  | { id: number; signer: string | null; envelope?: Uint8Array }
  | { id: number; failure: { name: string; message: string } };

/** Runs `job`; what it returns can be posted as is, moving `transfer` instead of copying it. */
export function runCryptoJob(job: CryptoJob): { result: CryptoResult; transfer: ArrayBuffer[] } {
  try {
    switch (job.kind) {
      case 'recover': {
        const signer = recoverSigner(requestDigest(job.separator, job.request), job.signature);
        return { result: { id: job.id, signer }, transfer: [] };
      }
      case 'unlock': {
        const { unlock, contentKey } = job;
        const digest = requestDigest(job.separator, { kind: 'unlock', message: unlock });
        const signer = recoverSigner(digest, job.signature);
        if (signer === null || signer !== unlock.listener.toLowerCase() || contentKey === null) {
          return { result: { id: job.id, signer }, transfer: [] };
        }
        const recipientKey = Buffer.from(unlock.recipientKey.slice(2), 'hex');
        // Into a buffer of its own, so a thread moves it back rather than copying it.
        const envelope = new Uint8Array(sealEnvelope(contentKey, recipientKey, job.context));
        return { result: { id: job.id, signer, envelope }, transfer: [envelope.buffer] };
      }
      default:
        return missingCase(job);
    }
  } catch (error) {
    const { name, message } = error as Error;
    return { result: { id: job.id, failure: { name, message } }, transfer: [] };
  } finally {
    if (job.kind === 'unlock') job.contentKey?.fill(0);
  }
}
