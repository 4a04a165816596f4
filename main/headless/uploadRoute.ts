/**
 * `POST /api/upload?name=<file name>`: the bytes of a file chosen in the browser, streamed into
 * the data folder's uploads, capped in size and sniffed like any file before it is kept, so the
 * browser host can publish files that live on the computer in front of the user.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { MAX_PUBLISH_BYTES } from '../../core/publish/publishLimits';
import { sendError, sendJson } from './httpReplies';

/** As large as Busker publishes (and a seed keeps): 2 GiB. */
export const maxUploadBytes = MAX_PUBLISH_BYTES;

/** A plain file name: no folders, no dots-only names, no control characters. */
const uploadName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\\p{Cc}]/u.test(name) && name !== '.' && name !== '..', 'a file name');

export interface UploadedFile {
  /** Where the host keeps it: what `publishFiles` takes. */
  path: string;
  name: string;
  bytes: number;
}

class UploadTooLarge extends Error {}

/**
 * Streams the request body into `partial` and returns its size. Past `limit` the body is let go
 * (not destroyed) so the host can still answer 413 before closing the connection.
 */
async function receive(req: IncomingMessage, partial: string, limit: number): Promise<number> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes <= limit) return done(null, chunk);
      req.unpipe(counter);
      req.resume();
      done(new UploadTooLarge());
    },
  });
  req.once('close', () => {
    if (!req.complete) counter.destroy(new Error('The browser stopped sending the file.'));
  });
  req.pipe(counter);
  await pipeline(counter, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
  return bytes;
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round(bytes / 1024 ** 3)} GiB`;
  return bytes >= 1024 ** 2 ? `${Math.round(bytes / 1024 ** 2)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** The octet-stream content type keeps other sites' forms out (they cannot send it unasked). */
function isOctetStream(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/octet-stream';
}

export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  uploadsDir: string,
  limit: number = maxUploadBytes,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, 405, { code: 'BAD_REQUEST', message: 'Files are uploaded with POST.' });
    return;
  }
  if (!isOctetStream(req.headers['content-type'])) {
    sendError(res, 415, {
      code: 'BAD_REQUEST',
      message: 'Uploads must be sent as application/octet-stream.',
    });
    return;
  }
  const name = uploadName.safeParse(url.searchParams.get('name'));
  if (!name.success) {
    sendError(res, 400, { code: 'BAD_REQUEST', message: 'The upload needs the file name, without folders.' });
    return;
  }
  const tooLarge = () => {
    res.setHeader('Connection', 'close');
    sendError(res, 413, {
      code: 'PUBLISH_REFUSED',
      message: `"${name.data}" is larger than ${sizeText(limit)}, more than Busker publishes. Choose a smaller file.`,
    });
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    tooLarge();
    return;
  }

  const folder = join(uploadsDir, randomUUID());
  const partial = join(folder, `.${randomUUID()}.part`);
  await mkdir(folder, { recursive: true });
  try {
    const bytes = await receive(req, partial, limit);
    // Loaded with the first upload: the sniffer shares its code with the tag reader (music-metadata,
    // ~18 MB), which an idle host does not need.
    const { sniffFile } = await import('../../core/library/audioSniffer');
    const handle = await open(partial, 'r');
    const { sniffed } = await sniffFile(handle, bytes).finally(() => handle.close());
    if (!sniffed.audio) {
      await rm(folder, { recursive: true, force: true });
      sendError(res, 415, {
        code: 'PUBLISH_REFUSED',
        message: `"${name.data}" is not audio: it starts like ${sniffed.looksLike}. Choose an audio file.`,
      });
      return;
    }
    const path = join(folder, name.data);
    await rename(partial, path);
    sendJson(res, 200, { result: { path, name: name.data, bytes } satisfies UploadedFile });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    if (error instanceof UploadTooLarge) tooLarge();
    else throw error;
  }
}
