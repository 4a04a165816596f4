/**
 * Builds `window.busker` from the app API contract over any transport. No Electron import, so
 * the bridge's behaviour is unit-tested in plain Node; `preload.ts` plugs in ipcRenderer.
 */
import type { AppApi, AppErrorPayload, AppEventName, AppEvents, PreloadBridge } from '../core/api/appApi';
import { appMethods } from '../core/api/appMethods';
import { APP_EVENT_CHANNEL, appMethodChannel, type AppCallReply } from './ipcChannels';

export interface BridgeTransport {
  /** Sends one call and resolves with main's reply envelope. */
  invoke(channel: string, args: unknown[]): Promise<unknown>;
  /** Delivers every message main sends on `channel` (the message only, never the IPC event). */
  subscribe(channel: string, deliver: (message: unknown) => void): void;
  pathForFile(file: File): string;
}

/**
 * The rejection the page sees. A plain object, not an Error: contextBridge copies only the
 * `message` of an Error into the page, and `code` is what the renderer branches on.
 */
export interface BridgeRejection extends AppErrorPayload {
  name: 'AppError';
}

type Listener = (payload: unknown) => void;

export function createPreloadBridge(transport: BridgeTransport): PreloadBridge {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of appMethods) {
    api[method] = async (...args: unknown[]) => {
      const reply = await transport.invoke(appMethodChannel(method), args);
      if (!isReply(reply)) {
        throw rejection({
          code: 'INTERNAL',
          message: 'Busker sent an answer it could not read. Restart the app.',
        });
      }
      if ('error' in reply) throw rejection(reply.error);
      return reply.result;
    };
  }

  const listeners = new Map<string, Set<Listener>>();
  transport.subscribe(APP_EVENT_CHANNEL, (message) => {
    if (typeof message !== 'object' || message === null) return;
    const { name, payload } = message as { name?: unknown; payload?: unknown };
    if (typeof name !== 'string') return;
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`busker: a listener for ${name} threw`, error);
      }
    }
  });

  function on<E extends AppEventName>(name: E, listener: (payload: AppEvents[E]) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('busker.on needs a listener function');
    const forName = listeners.get(name) ?? new Set<Listener>();
    listeners.set(name, forName);
    const entry: Listener = (payload) => listener(payload as AppEvents[E]);
    forName.add(entry);
    return () => {
      forName.delete(entry);
    };
  }

  return {
    api: api as unknown as AppApi,
    on,
    pathForFile: (file) => transport.pathForFile(file) || null,
  };
}

function isReply(value: unknown): value is AppCallReply {
  if (typeof value !== 'object' || value === null) return false;
  if ('result' in value) return true;
  if (!('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

function rejection(payload: AppErrorPayload): BridgeRejection {
  return { name: 'AppError', code: String(payload.code), message: String(payload.message) };
}
