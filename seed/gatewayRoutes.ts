/**
 * A trustless gateway (PROTOCOL §7.3): `GET /ipfs/{cid}?format=raw` (or `Accept:
 * application/vnd.ipld.raw`) answers a block's bytes, from this seed's disk only — it never asks
 * a peer on a client's behalf. Clients hash every block against its CID, so nothing here is trusted.
 */
import type { FastifyInstance } from 'fastify';
import { CID } from 'multiformats/cid';
import type { TrackedBlockstore } from '../core/storage/trackedBlockstore';
import { pinningFailure } from './pinningRoutes';
import { maxCidChars } from './seedCids';

const rawType = 'application/vnd.ipld.raw';

export function registerGatewayRoutes(app: FastifyInstance, blocks: TrackedBlockstore): void {
  app.route<{ Params: { cid: string }; Querystring: { format?: string } }>({
    method: ['GET', 'HEAD'],
    url: '/ipfs/:cid',
    handler: async (request, reply) => {
      const wantsRaw = request.query.format === 'raw' || (request.headers.accept ?? '').includes(rawType);
      if (!wantsRaw) {
        return pinningFailure(
          reply,
          406,
          'NOT_ACCEPTABLE',
          `This gateway answers raw blocks only: ask with ?format=raw or Accept: ${rawType}.`,
        );
      }
      let cid: CID;
      try {
        if (request.params.cid.length > maxCidChars) throw new Error('too long');
        cid = CID.parse(request.params.cid);
      } catch {
        return pinningFailure(reply, 400, 'BAD_REQUEST', 'That is not a CID.');
      }
      if (!(await blocks.has(cid))) {
        return pinningFailure(reply, 404, 'NOT_FOUND', 'This seed does not hold that block.');
      }
      const chunks: Uint8Array[] = [];
      for await (const chunk of blocks.get(cid)) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      return reply
        .header('content-type', rawType)
        .header('content-length', bytes.byteLength)
        .header('cache-control', 'public, max-age=29030400, immutable')
        .header('etag', `"${cid.toString()}.raw"`)
        .header('x-content-type-options', 'nosniff')
        .send(request.method === 'HEAD' ? undefined : bytes);
    },
  });
}
