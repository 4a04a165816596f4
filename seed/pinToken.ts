/**
 * A seed may require a pinning token (PROTOCOL §7.2: the Pinning Service API's bearer auth): then
 * every /psa request without `Authorization: Bearer <token>` is answered 401 in the spec's Failure
 * shape. The token is compared in constant time and never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { pinningFailure } from './pinningRoutes';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Turns away /psa requests (under `prefix`) that do not carry `token`. */
export function requirePinToken(app: FastifyInstance, prefix: string, token: string): void {
  const expected = digest(token);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(`${prefix}/`) && request.url !== prefix) return;
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]!), expected)) return;
    return pinningFailure(
      reply,
      401,
      'UNAUTHORIZED',
      match
        ? 'This pinning token is not the one this seed takes.'
        : 'This seed needs a pinning token: send it as "Authorization: Bearer <token>".',
    );
  });
}

export class PinTokenError extends Error {}

/** The token in a file (its first line, trimmed); refuses an empty file. */
export async function readPinTokenFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PinTokenError(`The pinning token file ${file} cannot be read (${(error as Error).message}).`);
  }
  const token = text.split(/\r?\n/, 1)[0]!.trim();
  if (!/^[\x21-\x7e]{8,1024}$/.test(token)) {
    throw new PinTokenError(
      `The pinning token file ${file} must hold one token of 8 to 1024 printable characters, without spaces.`,
    );
  }
  return token;
}
