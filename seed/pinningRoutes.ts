/**
 * The IPFS Pinning Service API v1 (ipfs/pinning-services-api-spec), the subset PROTOCOL §7.2
 * names: add, get, list and remove pins. A Busker seed pins only what the chain vouches for: the
 * audio or metadata of a track published through the network's factory, or a cover such metadata
 * names. Everything else is refused with the spec's error body.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { CatalogueFollower } from './catalogueFollower';
import type { PinWorker } from './pinWorker';
import { maxCidChars, normalizeCid } from './seedCids';
import type { PinRecord, PinState, SeedStore } from './seedStore';

export interface PinningContext {
  records: SeedStore;
  worker: PinWorker;
  follower: CatalogueFollower;
  /** The seed's own multiaddrs, which a client behind NAT dials (the spec's `delegates`). */
  delegates: () => string[];
}

const pinStates = ['queued', 'pinning', 'pinned', 'failed'] as const;

const pinSchema = z.object({
  cid: z.string().min(1).max(maxCidChars),
  name: z.string().max(255).optional(),
  origins: z.array(z.string().max(1024)).max(20).optional(),
  meta: z
    .record(z.string().max(255), z.string().max(2048))
    .refine((meta) => Object.keys(meta).length <= 100, { error: 'has more than 100 keys' })
    .optional(),
});

const commaList = (max: number) =>
  z
    .string()
    .max(max * (maxCidChars + 1))
    .transform((text) => text.split(',').filter(Boolean));

const listQuerySchema = z.object({
  cid: commaList(10)
    .refine((cids) => cids.length <= 10, { error: 'names more than 10 CIDs' })
    .optional(),
  name: z.string().max(255).optional(),
  match: z.enum(['exact']).optional(),
  status: commaList(4)
    .pipe(z.array(z.enum(pinStates)))
    .optional(),
  before: z.iso.datetime().optional(),
  after: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** The spec's Failure body. */
export function pinningFailure(reply: FastifyReply, status: number, reason: string, details: string) {
  return reply.code(status).send({ error: { reason, details } });
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'The request';
  return `${where} ${issue?.message ?? 'is invalid'}.`;
}

function pinStatus(record: PinRecord, delegates: string[]) {
  return {
    requestid: record.requestId,
    status: record.status,
    created: record.created,
    pin: {
      cid: record.cid,
      ...(record.name === null ? {} : { name: record.name }),
      origins: record.origins,
      meta: record.meta,
    },
    // The spec asks for 1–20 delegates.
    delegates: delegates.slice(0, 20),
    info: record.reason === null ? {} : { status_details: record.reason },
  };
}

export function registerPinningRoutes(app: FastifyInstance, prefix: string, context: PinningContext): void {
  const { records, worker, follower } = context;

  app.post(`${prefix}/pins`, async (request, reply) => {
    const parsed = pinSchema.safeParse(request.body);
    if (!parsed.success) return pinningFailure(reply, 400, 'BAD_REQUEST', describeIssue(parsed.error));
    const cid = normalizeCid(parsed.data.cid);
    if (!cid)
      return pinningFailure(
        reply,
        400,
        'BAD_REQUEST',
        `"cid" is not a CID: ${parsed.data.cid.slice(0, 100)}`,
      );
    const origins = (parsed.data.origins ?? []).filter((origin) => /\/p2p\/[1-9A-Za-z]+$/.test(origin));
    let vouched = records.vouched(cid);
    if (!vouched) {
      // Published a moment ago? One sync of the catalogue tells.
      await follower.syncNow().catch(() => {});
      vouched = records.vouched(cid);
    }
    if (!vouched) {
      return pinningFailure(
        reply,
        403,
        'NOT_PUBLISHED',
        `This seed keeps only tracks published on its network: ${cid} is not the audio, metadata or cover ` +
          'of any track its factory knows.',
      );
    }
    const record = records.addPin({
      cid,
      name: parsed.data.name ?? null,
      origins,
      meta: parsed.data.meta ?? {},
      kind: vouched.kind,
      artist: vouched.artist,
      source: 'api',
    });
    worker.enqueue(record);
    return reply.code(202).send(pinStatus(record, context.delegates()));
  });

  app.get(`${prefix}/pins`, async (request, reply) => {
    const parsed = listQuerySchema.safeParse(request.query);
    if (!parsed.success) return pinningFailure(reply, 400, 'BAD_REQUEST', describeIssue(parsed.error));
    const query = parsed.data;
    const cids = query.cid?.map((text) => normalizeCid(text) ?? text);
    const statuses: PinState[] = query.status && query.status.length > 0 ? query.status : ['pinned'];
    const found = records.findPins({
      cids,
      name: query.name,
      statuses,
      before: query.before,
      after: query.after,
      limit: query.limit ?? 10,
    });
    const delegates = context.delegates();
    return { count: found.count, results: found.results.map((record) => pinStatus(record, delegates)) };
  });

  app.get<{ Params: { requestid: string } }>(`${prefix}/pins/:requestid`, async (request, reply) => {
    const record = records.getPin(request.params.requestid);
    if (!record) return pinningFailure(reply, 404, 'NOT_FOUND', 'No pin request has this id.');
    return pinStatus(record, context.delegates());
  });

  app.delete<{ Params: { requestid: string } }>(`${prefix}/pins/:requestid`, async (request, reply) => {
    const record = records.getPin(request.params.requestid);
    if (!record) return pinningFailure(reply, 404, 'NOT_FOUND', 'No pin request has this id.');
    if (record.source === 'catalogue') {
      return pinningFailure(
        reply,
        403,
        'KEPT_BY_CATALOGUE',
        'This seed keeps every published track; this pin stays.',
      );
    }
    await worker.remove(record);
    return reply.code(202).send();
  });
}
