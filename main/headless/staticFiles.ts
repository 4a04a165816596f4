import type { FileHandle } from 'node:fs/promises';
import { open, realpath } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, isAbsolute, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sendText } from './httpReplies';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` a URL path names, or null. Rejects anything that could step outside:
 * encoded or plain `..`, dot-files, empty segments, backslashes, NUL.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((segment) => segment === '' || segment.startsWith('.'))) return null;
  const file = resolve(root, join(...segments));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}

async function openInside(root: string, file: string): Promise<{ handle: FileHandle; size: number } | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const [stats, real, realRoot] = await Promise.all([handle.stat(), realpath(file), realpath(root)]);
    // A symlink must not lead out of the renderer folder.
    if (stats.isFile() && real.startsWith(realRoot + sep)) return { handle, size: stats.size };
  } catch {
    // fall through to close
  }
  await handle.close();
  return null;
}

/** Serves the built renderer (GET and HEAD) from `root`, an absolute folder. */
export async function serveStaticFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed.', undefined, { Allow: 'GET, HEAD' });
    return;
  }
  const file = resolveStaticPath(root, pathname);
  const opened = file && (await openInside(root, file));
  if (!file || !opened) {
    sendText(res, 404, 'Not found.');
    return;
  }
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': opened.size,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    await opened.handle.close();
    res.end();
    return;
  }
  try {
    await pipeline(opened.handle.createReadStream({ autoClose: true }), res);
  } catch {
    // The client went away: pipeline has closed the file.
  }
}
