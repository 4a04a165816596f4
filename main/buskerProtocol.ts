import { APP_CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
import { createRendererFileHandler } from './headless/rendererFiles';
import { APP_ORIGIN } from './urlPolicy';

type RequestHandler = (request: Request) => Promise<Response>;

export interface BuskerProtocolRoutes {
  /** `busker://app/...`: the renderer's files. */
  appFiles: RequestHandler;
  /** `busker://track/<id>` and `busker://cover/<id>`: the shared media handler. */
  media: RequestHandler;
}

/** `busker://app/...`: the built renderer in `root`, with the page's CSP. */
export function createAppFileHandler(root: string): RequestHandler {
  return createRendererFileHandler(root, {
    headers: { 'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY, 'Referrer-Policy': 'no-referrer' },
  });
}

/**
 * Routes every `busker:` request by host. Anything else is a 404, and a handler that throws
 * becomes a 500 without details (the page must not learn paths or stack traces).
 */
export function createBuskerProtocolHandler(routes: BuskerProtocolRoutes): RequestHandler {
  return async (request) => {
    let host: string;
    try {
      host = new URL(request.url).host;
    } catch {
      return plainResponse(400, 'Bad request');
    }
    try {
      switch (host) {
        case 'app':
          return await routes.appFiles(request);
        case 'track':
        case 'cover':
          return withAppCors(await routes.media(request));
        default:
          return plainResponse(404, 'Not found');
      }
    } catch (error) {
      console.error(`busker: request for ${host} failed`, error);
      return plainResponse(500, 'Busker could not load this resource.');
    }
  };
}

/**
 * The page (origin busker://app) reads media from other hosts of the scheme; fetch/XHR (e.g.
 * Web Audio decoding) needs CORS for that, so the app origin, and only it, is allowed.
 */
function withAppCors(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('Access-Control-Allow-Origin', APP_ORIGIN);
  headers.set('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges');
  headers.set('X-Content-Type-Options', 'nosniff');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
