// Every JSON-RPC call gets a deadline for its whole round trip, answer included. Ethers' own Node
// transport only notices a socket that stays idle, and then leaves that socket open: a node that
// accepts and never answers (or answers a byte at a time) would hold calls and sockets forever.
import { FetchRequest, makeError } from 'ethers';
import type { FetchCancelSignal, GetUrlResponse } from 'ethers';

/** A request for `rpcUrl` whose every send is aborted, socket and all, after `timeoutMs`. */
export function rpcRequestWithDeadline(rpcUrl: string, timeoutMs: number): FetchRequest {
  const request = new FetchRequest(rpcUrl);
  request.timeout = timeoutMs;
  request.getUrlFunc = fetchWithDeadline;
  return request;
}

async function fetchWithDeadline(request: FetchRequest, cancel?: FetchCancelSignal): Promise<GetUrlResponse> {
  const url = new URL(request.url);
  // fetch sets Content-Length from the body itself; some dispatchers refuse one given as a header.
  const headers = new Headers(
    Array.from(request).filter(([name]) => name.toLowerCase() !== 'content-length'),
  );
  // fetch refuses a URL with credentials in it; a node's basic auth goes in the header instead.
  if (url.username || url.password) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.set('authorization', `Basic ${Buffer.from(credentials).toString('base64')}`);
    url.username = '';
    url.password = '';
  }
  const deadline = AbortSignal.timeout(request.timeout);
  const cancelled = new AbortController();
  cancel?.addListener(() => cancelled.abort());
  try {
    const response = await fetch(url, {
      method: request.method,
      headers,
      // A copy in its own ArrayBuffer: what DOM typings (e2e, renderer) accept as a body.
      ...(request.body ? { body: new Uint8Array(request.body) } : {}),
      signal: AbortSignal.any([deadline, cancelled.signal]),
    });
    const body = new Uint8Array(await response.arrayBuffer());
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => (responseHeaders[key] = value));
    return {
      statusCode: response.status,
      statusMessage: response.statusText,
      headers: responseHeaders,
      body,
    };
  } catch (error) {
    if (deadline.aborted) {
      // The host only: a remote RPC URL often carries an API key in its path.
      throw makeError(
        `The node at ${url.host} did not answer within ${formatSeconds(request.timeout)}.`,
        'TIMEOUT',
        { operation: 'request', reason: 'timeout', cause: error },
      );
    }
    if (cancelled.signal.aborted) throw makeError('The request to the node was cancelled.', 'CANCELLED');
    throw error;
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
