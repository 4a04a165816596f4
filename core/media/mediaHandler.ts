import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { missingCase } from '../../base/missingCase';
import type { CoverImage, EncryptedMedia, MediaFile, MediaSource } from './mediaSource';
import type { ByteRange } from './byteRange';
import { parseByteRange } from './byteRange';
import { parseMediaRoute } from './mediaRoute';
import type { EncryptedTrackFailure, EncryptedTrackReader } from './encryptedTrack';
import { toTrackError } from './encryptedTrack';

/** The audio stream handler both hosts call: Electron's `protocol.handle` and the headless host. */
export type MediaHandler = (request: Request) => Promise<Response>;

const trackCaching = 'no-cache';
// A cover id names one stored image; its bytes never change under that id.
const coverCaching = 'private, max-age=31536000, immutable';
const mimeType = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff', ...headers } });
}

function safeMime(mime: string): string {
  return mimeType.test(mime) ? mime : 'application/octet-stream';
}

interface BodyPlan {
  status: 200 | 206;
  start: number;
  /** Inclusive; -1 for an empty file. */
  end: number;
  headers: Record<string, string>;
}

/** Status and headers for a `size`-byte body and the request's range; null means 416. */
function planBody(range: ByteRange, size: number, mime: string, caching: string): BodyPlan | null {
  const headers: Record<string, string> = {
    'Content-Type': safeMime(mime),
    'Accept-Ranges': 'bytes',
    'Cache-Control': caching,
    'X-Content-Type-Options': 'nosniff',
  };
  switch (range.kind) {
    case 'full':
      return {
        status: 200,
        start: 0,
        end: size - 1,
        headers: { ...headers, 'Content-Length': String(size) },
      };
    case 'partial':
      return {
        status: 206,
        start: range.start,
        end: range.end,
        headers: {
          ...headers,
          'Content-Length': String(range.end - range.start + 1),
          'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
        },
      };
    case 'unsatisfiable':
      return null;
    default:
      return missingCase(range);
  }
}

function unsatisfiable(size: number): Response {
  return emptyResponse(416, { 'Content-Range': `bytes */${size}`, 'Accept-Ranges': 'bytes' });
}

async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number } | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null; // vanished, or no longer readable: the same to the listener
  }
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { handle, size: stats.size };
  } catch {
    // fall through to close
  }
  await handle.close();
  return null;
}

async function serveTrack(request: Request, file: MediaFile): Promise<Response> {
  const opened = await openRegularFile(file.path);
  if (!opened) return emptyResponse(404);
  const { handle, size } = opened;
  // The size on disk, not the one recorded at import, is what ranges must be checked against.
  const plan = planBody(parseByteRange(request.headers.get('range'), size), size, file.mime, trackCaching);
  if (!plan || request.method === 'HEAD' || plan.end < plan.start) {
    await handle.close();
    if (!plan) return unsatisfiable(size);
    return new Response(null, { status: plan.status, headers: plan.headers });
  }
  const stream = handle.createReadStream({ start: plan.start, end: plan.end, autoClose: true });
  const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  return new Response(body, { status: plan.status, headers: plan.headers });
}

const failureStatus: Record<EncryptedTrackFailure, number> = { LOCKED: 403, TAMPERED: 502, UNREACHABLE: 504 };

function failure(code: EncryptedTrackFailure, message: string): Response {
  return new Response(message, {
    status: failureStatus[code],
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

async function serveEncryptedTrack(
  request: Request,
  media: EncryptedMedia,
  tracks: EncryptedTrackReader,
): Promise<Response> {
  // Stops this request's reads (never another's) when the client aborts or cancels the body.
  const cancelled = new AbortController();
  const signal = AbortSignal.any([request.signal, cancelled.signal]);
  let chunks: AsyncGenerator<Buffer>;
  let plan: BodyPlan | null;
  let first: IteratorResult<Buffer>;
  try {
    const reader = await tracks.open(media, signal);
    const size = reader.plaintextLength;
    plan = planBody(parseByteRange(request.headers.get('range'), size), size, media.mime, trackCaching);
    if (!plan) return unsatisfiable(size);
    if (request.method === 'HEAD') return new Response(null, { status: plan.status, headers: plan.headers });
    chunks = reader.readPlaintext(plan.start, plan.end + 1);
    // The first segment is decrypted before answering, so a damaged start is a clean error, not a cut stream.
    first = await chunks.next();
  } catch (error) {
    const trackError = toTrackError(error);
    return failure(trackError.code, trackError.message);
  }
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first.done) return controller.close();
      controller.enqueue(first.value);
      try {
        first = await chunks.next();
      } catch (error) {
        controller.error(toTrackError(error));
      }
    },
    async cancel(reason) {
      // Aborted first: a read waiting on peers would otherwise hold up the return for ever.
      cancelled.abort(reason);
      await chunks.return(undefined);
    },
  });
  return new Response(body, { status: plan.status, headers: plan.headers });
}

function serveCover(request: Request, cover: CoverImage): Response {
  const size = cover.data.byteLength;
  const plan = planBody(parseByteRange(request.headers.get('range'), size), size, cover.mime, coverCaching);
  if (!plan) return unsatisfiable(size);
  const body = request.method === 'HEAD' ? null : cover.data.slice(plan.start, plan.end + 1);
  return new Response(body, { status: plan.status, headers: plan.headers });
}

/**
 * Builds the handler for `busker://track|cover/<id>` and `/media|cover/<id>`. Only the id of
 * the URL is used, looked up through `source`; unknown ids and files gone from disk are 404.
 */
export function createMediaHandler(
  source: MediaSource,
  options: { encryptedTracks?: EncryptedTrackReader } = {},
): MediaHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return emptyResponse(405, { Allow: 'GET, HEAD' });
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return emptyResponse(404);
    }
    const route = parseMediaRoute(url);
    if (!route) return emptyResponse(404);
    if (route.kind === 'track') {
      const file = source.trackFile(route.id);
      if (file) return serveTrack(request, file);
      const encrypted = options.encryptedTracks && source.encryptedTrack?.(route.id);
      if (encrypted && options.encryptedTracks)
        return serveEncryptedTrack(request, encrypted, options.encryptedTracks);
      return emptyResponse(404);
    }
    const cover = source.coverImage(route.id);
    return cover ? serveCover(request, cover) : emptyResponse(404);
  };
}
