/**
 * Which URLs Busker's window may show or hand to the operating system. Pure: no Electron, so
 * the rules are unit-tested in plain Node.
 */

/** The origin the renderer is served from; the only one allowed to call the app API. */
export const APP_ORIGIN = 'busker://app';
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for `busker://app/...` and nothing else. Compared part by part: Node's `URL.origin` is
 * "null" for custom schemes, and look-alikes (`busker://app.evil`, `busker://app@evil`,
 * `busker://app:1`) must fail.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === 'busker:' &&
    parsed.hostname === 'app' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * The URL to open in the user's browser for a link the page tried to open, or null when the
 * link must not leave the app: only plain http(s) links without credentials qualify.
 */
export function externalLinkUrl(url: string): string | null {
  const parsed = parseUrl(url);
  if (parsed === null) return null;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}
