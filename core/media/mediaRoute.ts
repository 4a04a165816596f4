/**
 * Reads which media a URL names. Only a kind and a decimal id come out: nothing of the URL's
 * path ever reaches the filesystem, the id is looked up through a `MediaSource`.
 *
 * Electron: `busker://track/<id>`, `busker://cover/<id>` (host = kind).
 * Headless: `http(s)://<host>/media/<id>`, `http(s)://<host>/cover/<id>`.
 */
export type MediaKind = 'track' | 'cover';

export interface MediaRoute {
  kind: MediaKind;
  id: number;
}

/** Canonical decimal ids only: no sign, no leading zeros, no more digits than a safe integer has. */
const decimalId = /^(?:0|[1-9]\d{0,15})$/;
const headlessPath = /^\/(media|cover)\/([^/]*)$/;

function parseId(text: string): number | null {
  if (!decimalId.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

function route(kind: MediaKind, idText: string): MediaRoute | null {
  const id = parseId(idText);
  return id == null ? null : { kind, id };
}

/** The media a URL names, or null when it names none (answer 404). Query and fragment are ignored. */
export function parseMediaRoute(url: URL): MediaRoute | null {
  if (url.protocol === 'busker:') {
    if (url.host !== 'track' && url.host !== 'cover') return null;
    if (!url.pathname.startsWith('/')) return null;
    return route(url.host, url.pathname.slice(1));
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    const match = headlessPath.exec(url.pathname);
    if (!match) return null;
    const [, prefix, idText = ''] = match;
    return route(prefix === 'media' ? 'track' : 'cover', idText);
  }
  return null;
}
