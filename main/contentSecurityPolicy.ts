/**
 * The page's Content-Security-Policy, sent as a header with every `busker://app` response.
 * Scripts and styles come only from the app's own files; audio and covers only from the
 * media hosts of the `busker` scheme; nothing may be framed, posted or loaded from the network.
 * React's `style={{...}}` sets styles through the CSSOM, which CSP does not block, so no
 * 'unsafe-inline' is needed.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data: blob: busker://cover",
  'media-src blob: busker://track',
  'connect-src busker://track busker://cover',
  "worker-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
