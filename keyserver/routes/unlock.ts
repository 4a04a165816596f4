// POST /v1/unlock: a listener whose tip is confirmed gets the track's key, sealed to their app.
import type { FastifyInstance } from 'fastify';
import { EnvelopeError, envelopeContext } from '../../protocol/envelope';
import { missingCase } from '../../base/missingCase';
import { checkConfirmedAccess } from '../accessCheck';
import { KeyServerError } from '../errors';
import { parseUnlockBody } from '../requestSchemas';
import type { UnlockMessage } from '../requestSchemas';
import type { SignedUnlock } from '../requestCrypto';
import type { RouteContext } from './routeContext';
import { checkDeadline, consumeNonce, trackRef } from './routeContext';

export function registerUnlockRoute(app: FastifyInstance, context: RouteContext): void {
  const { chain, settings } = context;
  app.post('/v1/unlock', async (request) => {
    const { unlock, signature } = parseUnlockBody(request.body);
    checkDeadline(context, unlock.deadline);
    // The key is read before the signature is checked, so that one job recovers the signer and,
    // if that is the listener, seals the key. Nothing sealed leaves before every check below passes.
    const contentKey = await context.vault.getContentKey(trackRef(context, unlock.artist, unlock.trackId));
    try {
      const { signer, envelope } = await recoverAndSeal(context, unlock, signature, contentKey);
      if (signer === null || signer !== unlock.listener.toLowerCase()) {
        throw new KeyServerError('BAD_SIGNATURE', 'The request is not signed by the listener it names.');
      }
      context.addressLimiter.take(signer);
      await consumeNonce(context, signer, unlock.nonce, unlock.deadline);
      if (contentKey === null || envelope === null) {
        throw await noKeyError(context, unlock.artist, unlock.trackId);
      }

      const verdict = await checkConfirmedAccess(chain, unlock, settings.confirmations);
      switch (verdict.kind) {
        case 'confirmed':
          break;
        case 'unconfirmed':
          throw new KeyServerError(
            'TIP_NOT_CONFIRMED',
            `The tip is on chain but not confirmed yet: ${verdict.confirmationsNeeded} more ` +
              `block${verdict.confirmationsNeeded === 1 ? '' : 's'} needed. Ask again after the next block.`,
            { confirmationsNeeded: verdict.confirmationsNeeded },
          );
        case 'none':
          throw new KeyServerError('TIP_REQUIRED', 'This listener has not tipped this track. Tip it first.');
        default:
          missingCase(verdict);
      }
      context.metrics.unlocksReleased.inc();
      return { envelope: envelope.toString('base64url') };
    } finally {
      contentKey?.fill(0);
    }
  });
}

async function recoverAndSeal(
  context: RouteContext,
  unlock: UnlockMessage,
  signature: string,
  contentKey: Buffer | null,
): Promise<SignedUnlock> {
  const aad = envelopeContext(context.settings.chainId, unlock.artist, unlock.trackId);
  try {
    return await context.crypto.recoverAndSeal(context.domainSeparator, unlock, signature, contentKey, aad);
  } catch (error) {
    // The body's schema refuses low-order keys before any work (recipientKey.ts); this is a
    // backstop should OpenSSL ever refuse another.
    if (!(error instanceof EnvelopeError)) throw error;
    throw new KeyServerError('BAD_REQUEST', '"unlock.recipientKey" is not a usable X25519 public key.');
  }
}

/** No key stored: either the track does not exist or its artist has not deposited the key yet. */
async function noKeyError(context: RouteContext, artist: string, trackId: bigint): Promise<KeyServerError> {
  const block = await context.chain.headBlock();
  const exists =
    (await context.chain.isArtist(artist, block)) &&
    trackId < (await context.chain.trackCount(artist, block));
  return exists
    ? new KeyServerError(
        'KEY_NOT_DEPOSITED',
        "The artist has not deposited this track's key yet. Try again later.",
      )
    : new KeyServerError('UNKNOWN_TRACK', `There is no track ${trackId} by ${artist} on this network.`);
}
