import type { AppApi, AppEventName, AppEvents, AppMethod } from '../../core/api/appApi';
import { buildAppApi } from '../../core/api/appMethods';
import type { Bridge, EventListener } from './bridgeTypes';
import { createHostEventSource } from './hostEventSource';
import { BridgeError, hostUnreachableMessage, parseErrorPayload } from './bridgeTypes';

async function callHost(method: AppMethod, args: unknown[]): Promise<unknown> {
  return hostReply(() =>
    fetch(`/api/call/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
      credentials: 'same-origin',
    }),
  );
}

/** The file's bytes, streamed by the browser from disk to the host's upload route. */
async function uploadFile(file: File): Promise<string> {
  const result = await hostReply(() =>
    fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
      credentials: 'same-origin',
    }),
  );
  const path = (result as { path?: unknown } | null)?.path;
  if (typeof path !== 'string')
    throw new BridgeError('INTERNAL', `Busker did not say where it kept "${file.name}". Try again.`);
  return path;
}

async function hostReply(send: () => Promise<Response>): Promise<unknown> {
  let response: Response;
  try {
    response = await send();
  } catch {
    throw new BridgeError('UNAVAILABLE', hostUnreachableMessage);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // An empty or non-JSON body: judged by the status below.
  }
  if (!response.ok) {
    const payload = parseErrorPayload(body);
    if (payload) throw new BridgeError(payload.code, payload.message);
    if (response.status === 401 || response.status === 403) {
      throw new BridgeError(
        'UNAUTHORIZED',
        'This page is no longer signed in to Busker. Open it again from Busker.',
      );
    }
    throw new BridgeError(
      'INTERNAL',
      `Busker's host answered with an error (HTTP ${response.status}). Try again.`,
    );
  }
  return (body as { result: unknown } | null)?.result;
}

/** True when the host answers but no longer knows this page's cookie (it restarted). */
async function signedOut(): Promise<boolean> {
  try {
    const response = await fetch('/api/call/capabilities', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[]',
      credentials: 'same-origin',
    });
    return response.status === 401;
  } catch {
    return false;
  }
}

/** One EventSource for every listener, opened on first use; it reconnects by itself. */
function createEventHub() {
  const events = createHostEventSource('/api/events', signedOut);
  function on<E extends AppEventName>(name: E, listener: EventListener<E>): () => void {
    return events.on(name, (event) => {
      let payload: AppEvents[E];
      try {
        payload = JSON.parse((event as MessageEvent<string>).data) as AppEvents[E];
      } catch {
        return;
      }
      listener(payload);
    });
  }
  return { on, onHostConnection: events.onConnection };
}

/** The bridge in a browser talking to the headless host over HTTP and server-sent events. */
export function createHttpBridge(): Bridge {
  return {
    ...buildAppApi((method) => ((...args: unknown[]) => callHost(method, args)) as AppApi[typeof method]),
    ...createEventHub(),
    mediaUrl: (trackId) => `/media/${trackId}`,
    fetchMedia: (trackId, signal) => fetch(`/media/${trackId}`, { signal }),
    coverUrl: (coverId) => `/cover/${coverId}`,
    // A browser never tells a page where a dropped file lives.
    pathForFile: () => null,
    uploadFile,
  };
}
