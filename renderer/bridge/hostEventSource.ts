import type { HostConnection } from './bridgeTypes';

/** The host sends a heartbeat every 5 s: two missing in a row and it counts as gone. */
const silenceLimitMs = 12_000;
/** How soon a stream the browser gave up on (an HTTP error, not a dropped socket) is opened again. */
const reopenMs = 3_000;

/**
 * The browser host's one EventSource, and whether the host is there: the stream's `open` says
 * yes; an `error`, or no heartbeat for `silenceLimitMs`, says no. The browser reconnects by itself
 * after a dropped connection; a stream it closed (a 401 after the host restarted with a new
 * token, a proxy's 502) is opened again here, and a probe tells "signed out" from "gone".
 */
export function createHostEventSource(url: string, probeSignedOut: () => Promise<boolean>) {
  let source: EventSource | null = null;
  let state: HostConnection = 'connected';
  const handlers = new Map<string, Set<(event: Event) => void>>();
  const connectionListeners = new Set<(state: HostConnection) => void>();
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: HostConnection) => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };
  const heard = () => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      setState('unreachable');
      open();
    }, silenceLimitMs);
  };
  const open = () => {
    source?.close();
    clearTimeout(reopenTimer);
    const opened = new EventSource(url, { withCredentials: true });
    source = opened;
    for (const [name, set] of handlers) for (const handler of set) opened.addEventListener(name, handler);
    opened.addEventListener('open', () => {
      setState('connected');
      heard();
    });
    opened.addEventListener('heartbeat', heard);
    opened.addEventListener('error', () => {
      if (source !== opened) return;
      if (opened.readyState !== EventSource.CLOSED) {
        setState('unreachable');
        return;
      }
      void probeSignedOut().then((signedOut) => setState(signedOut ? 'signedOut' : 'unreachable'));
      reopenTimer = setTimeout(open, reopenMs);
    });
    heard();
  };
  const ensureOpen = () => {
    if (source === null) open();
  };

  return {
    on(name: string, handler: (event: Event) => void): () => void {
      ensureOpen();
      let set = handlers.get(name);
      if (!set) handlers.set(name, (set = new Set()));
      set.add(handler);
      source?.addEventListener(name, handler);
      return () => {
        set.delete(handler);
        source?.removeEventListener(name, handler);
      };
    },
    onConnection(listener: (state: HostConnection) => void): () => void {
      ensureOpen();
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
