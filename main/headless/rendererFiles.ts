import type { FileHandle } from 'node:fs/promises';
import { open, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';

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
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export interface RendererFileOptions {
  /** Added to every response (the host's CSP and other security headers). */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Serves the built renderer from `root`: GET and HEAD only, `/` meaning `index.html`, regular
 * files inside `root` only (no `..`, dot-files, empty segments, encoded separators, backslashes,
 * NUL, nor symlinks leading out), streamed. Web-standard, so Electron's `busker://app` and the
 * headless host's HTTP server call the same function, each with its own `headers`.
 */
export function createRendererFileHandler(
  root: string,
  { headers = {} }: RendererFileOptions = {},
): (request: Request) => Promise<Response> {
  const rootPath = resolve(root);
  const baseHeaders = { ...headers, 'X-Content-Type-Options': 'nosniff' };
  const notFound = () => textResponse(404, 'Not found.', baseHeaders);

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Method not allowed.', { ...baseHeaders, Allow: 'GET, HEAD' });
    }
    const segments = pathSegments(new URL(request.url).pathname);
    if (segments === null) return notFound();
    const file = resolve(rootPath, ...segments);
    if (!file.startsWith(rootPath + sep)) return notFound();

    const opened = await openInside(rootPath, file);
    if (opened === null) return notFound();
    const { handle, size } = opened;
    const responseHeaders = {
      ...baseHeaders,
      'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(size),
      'Cache-Control': 'no-cache',
    };
    if (request.method === 'HEAD') {
      await handle.close();
      return new Response(null, { status: 200, headers: responseHeaders });
    }
    const body = Readable.toWeb(handle.createReadStream({ autoClose: true })) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers: responseHeaders });
  };
}

/** Decoded path segments, `/` meaning `index.html`; null for anything that could escape the root. */
function pathSegments(pathname: string): string[] | null {
  if (pathname === '/') return ['index.html'];
  if (!pathname.startsWith('/')) return null;
  const segments: string[] = [];
  for (const segment of pathname.slice(1).split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    // A leading dot covers `.`, `..` and dot-files; `:` covers Windows drives and streams.
    if (decoded === '' || decoded.startsWith('.') || /[/\\\0:]/.test(decoded)) return null;
    segments.push(decoded);
  }
  return segments;
}

/** The open regular file, or null when it is missing, a folder, or really lives outside `root`. */
async function openInside(root: string, file: string): Promise<{ handle: FileHandle; size: number } | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    // Resolved on every request: the build folder may be replaced while the app runs.
    const [stats, realFile, realRoot] = await Promise.all([handle.stat(), realpath(file), realpath(root)]);
    if (stats.isFile() && realFile.startsWith(realRoot + sep)) return { handle, size: stats.size };
  } catch {
    // fall through to close
  }
  await handle.close();
  return null;
}

function textResponse(status: number, text: string, headers: Record<string, string>): Response {
  return new Response(text, {
    status,
    headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
