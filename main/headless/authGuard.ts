import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The cookie a browser gets once it has opened the URL with the token. */
export const sessionCookieName = 'busker_session';

/** 32 random bytes, base64url: the secret that `busker serve` prints in its URL. */
export function createSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes tokens of any length comparable. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function sessionCookie(token: string): string {
  return `${sessionCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** DNS-rebinding guard: a page on another name that resolves to 127.0.0.1 sends its own Host. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Cross-origin requests are refused; requests without an Origin (navigations, curl) pass. */
export function isAllowedOrigin(origin: string | undefined, host: string): boolean {
  return origin === undefined || origin === `http://${host}`;
}

function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() === name) values.push(pair.slice(separator + 1).trim());
  }
  return values;
}

/** True when the request carries the session cookie or `Authorization: Bearer <token>`. */
export function isAuthorized(headers: IncomingHttpHeaders, token: string): boolean {
  const bearer = /^Bearer[ ]+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer?.[1] !== undefined && tokensMatch(bearer[1], token)) return true;
  return cookieValues(headers.cookie, sessionCookieName).some((value) => tokensMatch(value, token));
}
