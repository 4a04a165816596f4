import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { APP_CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
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
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/**
 * Serves the built renderer (`busker://app/<path>`) from `root`: GET and HEAD only, files inside
 * `root` only (no `..`, no encoded separators, no symlinks leading out), with the CSP header.
 * Web-standard `(Request) => Promise<Response>`, so it is tested without Electron.
 */
export function createAppFileHandler(root: string): (request: Request) => Promise<Response> {
  const rootPath = resolve(root);
  let realRoot: Promise<string> | null = null;

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    const segments = pathSegments(new URL(request.url).pathname);
    if (segments === null) return textResponse(404, 'Not found');

    const filePath = resolve(rootPath, ...segments);
    if (!filePath.startsWith(rootPath + sep)) return textResponse(404, 'Not found');
    try {
      realRoot ??= realpath(rootPath);
      const [realFile, realRootPath] = await Promise.all([realpath(filePath), realRoot]);
      if (!realFile.startsWith(realRootPath + sep) || !(await stat(realFile)).isFile()) {
        return textResponse(404, 'Not found');
      }
      const body = await readFile(realFile);
      const headers = {
        ...SECURITY_HEADERS,
        'Content-Type': MIME_TYPES[extname(realFile).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': String(body.byteLength),
      };
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
    } catch {
      realRoot = null; // a missing build folder may appear later (e.g. a rebuild while running)
      return textResponse(404, 'Not found');
    }
  };
}

/** Decoded path segments, `/` meaning `index.html`; null for anything that could escape the root. */
function pathSegments(pathname: string): string[] | null {
  const raw = pathname.split('/').filter((segment) => segment !== '');
  if (raw.length === 0) return ['index.html'];
  const segments: string[] = [];
  for (const segment of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded === '.' || decoded === '..' || /[/\\\0:]/.test(decoded)) return null;
    segments.push(decoded);
  }
  return segments;
}

function textResponse(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
  });
}
