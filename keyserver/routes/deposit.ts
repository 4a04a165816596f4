// POST /v1/keys: an artist's owner deposits a track's content key, sealed to the server.
import type { FastifyInstance } from 'fastify';
import { EnvelopeError, envelopeContext, openEnvelope } from '../../protocol/envelope';
import { keyMatchesCommitment } from '../../protocol/keyCommitment';
import { KeyServerError } from '../errors';
import { depositBodySchema, parseBody } from '../requestSchemas';
import type { RouteContext } from './routeContext';
import { checkDeadline, consumeNonce, trackRef } from './routeContext';

export function registerDepositRoute(app: FastifyInstance, context: RouteContext): void {
  const { chain } = context;
  app.post('/v1/keys', async (request, reply) => {
    const { deposit, signature } = parseBody(depositBodySchema, request.body);
    checkDeadline(context, deposit.deadline);
    const signer = await context.crypto.recoverSigner(
      context.domainSeparator,
      { kind: 'deposit', message: deposit },
      signature,
    );
    if (signer === null) throw new KeyServerError('BAD_SIGNATURE', 'The signature is not a valid signature.');
    context.addressLimiter.take(signer);

    // Every read at one block, so the owner, the track and its commitment agree with each other.
    const block = await chain.headBlock();
    if (!(await chain.isArtist(deposit.artist, block))) {
      throw new KeyServerError(
        'UNKNOWN_ARTIST',
        `${deposit.artist} is not an artist contract made by this network's factory.`,
      );
    }
    const [owner, trackCount] = await Promise.all([
      chain.artistOwner(deposit.artist, block),
      chain.trackCount(deposit.artist, block),
    ]);
    if (owner.toLowerCase() !== signer) {
      throw new KeyServerError(
        'BAD_SIGNATURE',
        "The deposit is not signed by the artist contract's owner. Sign it with the owner's account.",
      );
    }
    await consumeNonce(context, signer, deposit.nonce, deposit.deadline);
    if (deposit.trackId >= trackCount) {
      throw new KeyServerError(
        'UNKNOWN_TRACK',
        `The artist has no track ${deposit.trackId} (yet). Publish it first.`,
      );
    }

    const commitment = await chain.keyCommitment(deposit.artist, deposit.trackId, block);
    const envelopeBytes = Buffer.from(deposit.envelope.slice(2), 'hex');
    let contentKey: Buffer;
    try {
      const aad = envelopeContext(context.settings.chainId, deposit.artist, deposit.trackId);
      contentKey = openEnvelope(envelopeBytes, context.vault.identity.privateKey, aad);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      throw new KeyServerError(
        'KEY_MISMATCH',
        "The envelope does not open: seal it to this server's public key (GET /v1/info) for this chain, artist and track.",
      );
    }
    if (!keyMatchesCommitment(contentKey, commitment)) {
      throw new KeyServerError(
        'KEY_MISMATCH',
        "The key in the envelope does not match the track's on-chain key commitment.",
      );
    }
    await context.vault.putContentKey(trackRef(context, deposit.artist, deposit.trackId), contentKey);
    contentKey.fill(0);
    context.metrics.keysDeposited.inc();
    return reply.code(201).send({ deposited: true });
  });
}
