import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AppBackend } from '../../core/api/appBackend';
import type { MediaHandler } from '../../core/media/mediaHandler';
import { handleApiCall } from './apiRoutes';
import {
  createSessionToken,
  isAllowedHost,
  isAllowedOrigin,
  isAuthorized,
  sessionCookie,
  tokensMatch,
} from './authGuard';
import { openEventStream } from './eventStream';
import { securityHeaders, sendError, sendText } from './httpReplies';
import { sendWebResponse, toWebRequest } from './nodeWebBridge';
import { createRendererFileHandler } from './rendererFiles';
import { startUploadSweeper } from './uploadSweeper';
import { listenOnRememberedPort } from './rememberedPort';
import { handleUpload } from './uploadRoute';

export interface HeadlessHostOptions {
  backend: AppBackend;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** With no `port`: the file that keeps the port between starts (see rememberedPort.ts). */
  portFile?: string;
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  /** The session secret; a random one is made when absent. */
  token?: string;
  /** Where files chosen in the browser are uploaded to (`<data folder>/uploads`); none: no uploads. */
  uploadsDir?: string;
  /** The largest upload (default: 2 GiB, as large as Busker publishes). */
  maxUploadBytes?: number;
  /** The publish database: with it, uploads whose jobs ended or that no job took are deleted. */
  publishDatabaseFile?: string;
}

export interface HeadlessHost {
  /** `http://127.0.0.1:<port>/?token=<token>`: opening it signs the browser in. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

// Node's first `import` of node:http builds an ES module view of it that reads every export, and
// one of them (WebSocket) loads undici: some 20 ms before serve's URL, for nothing a start needs.
// The built-in module itself comes without that view.
const { createServer } = process.getBuiltinModule('node:http');

const signInPage = (headline: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Busker</title></head>` +
  `<body><h1>${headline}</h1><p>Open the URL that <code>busker serve</code> printed in your terminal ` +
  `(it ends with <code>?token=…</code>) to use Busker in this browser.</p></body></html>`;

interface RouteContext {
  backend: AppBackend;
  media: MediaHandler;
  rendererFiles: (request: Request) => Promise<Response>;
  token: string;
  port: number;
  uploadsDir: string | undefined;
  maxUploadBytes: number | undefined;
}

async function route(req: IncomingMessage, res: ServerResponse, context: RouteContext): Promise<void> {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);

  const host = req.headers.host;
  if (!isAllowedHost(host, context.port) || host === undefined) {
    sendError(res, 403, { code: 'FORBIDDEN', message: 'Busker only answers at 127.0.0.1 or localhost.' });
    return;
  }
  if (!isAllowedOrigin(req.headers.origin, host)) {
    sendError(res, 403, { code: 'FORBIDDEN', message: 'Requests from other sites are refused.' });
    return;
  }
  if (!req.url?.startsWith('/')) {
    sendText(res, 400, 'Bad request.');
    return;
  }
  const url = new URL(`http://${host}${req.url}`);
  const path = url.pathname;

  const givenToken = url.searchParams.get('token');
  if (path === '/' && givenToken !== null && req.method === 'GET') {
    if (tokensMatch(givenToken, context.token)) {
      res.writeHead(303, {
        Location: '/',
        'Set-Cookie': sessionCookie(context.token),
        'Cache-Control': 'no-store',
      });
      res.end();
    } else {
      sendText(res, 401, signInPage('This link is not valid'), 'text/html; charset=utf-8');
    }
    return;
  }

  if (!isAuthorized(req.headers, context.token)) {
    if (path === '/') sendText(res, 401, signInPage('Busker needs its link'), 'text/html; charset=utf-8');
    else
      sendError(res, 401, { code: 'UNAUTHORIZED', message: 'Open the URL printed by `busker serve` first.' });
    return;
  }

  if (path === '/api/upload' && context.uploadsDir !== undefined) {
    await handleUpload(req, res, url, context.uploadsDir, context.maxUploadBytes);
  } else if (path.startsWith('/api/call/')) {
    await handleApiCall(req, res, path.slice('/api/call/'.length), context.backend.api);
  } else if (path === '/api/events') {
    if (req.method === 'GET') openEventStream(res, context.backend);
    else sendError(res, 405, { code: 'BAD_REQUEST', message: 'Events are read with GET.' });
  } else if (path.startsWith('/api/')) {
    sendError(res, 404, { code: 'NOT_FOUND', message: 'There is no such API endpoint.' });
  } else if (req.method !== 'GET' && req.method !== 'HEAD') {
    // Checked before the bridge: a web Request cannot even be made for methods such as TRACE.
    sendText(res, 405, 'Method not allowed.', undefined, { Allow: 'GET, HEAD' });
  } else {
    const isMedia = path.startsWith('/media/') || path.startsWith('/cover/');
    const handler = isMedia ? context.media : context.rendererFiles;
    await sendWebResponse(await handler(toWebRequest(req, res, url)), req, res);
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Serves the app API, its events, media and the built renderer to a browser on this machine
 * only: 127.0.0.1, a Host check against DNS rebinding, and a random token turned into a cookie.
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const token = options.token ?? createSessionToken();
  if (token.length === 0) throw new Error('The headless host needs a non-empty token.');
  const context: RouteContext = {
    backend: options.backend,
    media: options.backend.handleMedia,
    rendererFiles: createRendererFileHandler(options.rendererDir, { headers: securityHeaders }),
    token,
    port: 0,
    uploadsDir: options.uploadsDir,
    maxUploadBytes: options.maxUploadBytes,
  };
  const answering = new WeakSet<Socket>();
  const server = createServer((req, res) => {
    answering.add(req.socket);
    res.once('close', () => answering.delete(req.socket));
    route(req, res, context).catch((error: unknown) => {
      console.error('busker: request failed:', error);
      if (!res.headersSent)
        sendError(res, 500, { code: 'INTERNAL', message: 'Something went wrong inside Busker.' });
      else res.destroy();
    });
  });
  // Node closes a kept-alive connection when its idle timer fires, even when the next request has
  // come in meanwhile and waits unread because the host was busy (loading the market's code on a
  // loaded machine): the client saw ECONNRESET. Looking one turn of the loop later reads it first.
  server.on('timeout', (socket: Socket) =>
    setImmediate(() => {
      if (!answering.has(socket)) socket.destroy();
    }),
  );
  context.port =
    options.portFile !== undefined && !options.port
      ? await listenOnRememberedPort(options.portFile, (port) => listen(server, port))
      : await listen(server, options.port ?? 0);
  const sweeper =
    options.uploadsDir !== undefined && options.publishDatabaseFile !== undefined
      ? startUploadSweeper({
          uploadsDir: options.uploadsDir,
          publishDatabaseFile: options.publishDatabaseFile,
        })
      : null;

  return {
    url: `http://127.0.0.1:${context.port}/?token=${encodeURIComponent(token)}`,
    port: context.port,
    token,
    close: async () => {
      await sweeper?.close();
      await new Promise<void>((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose()));
        // Event streams never end on their own.
        server.closeAllConnections();
      });
    },
  };
}
