import type { AppApi, PreloadBridge } from '../../core/api/appApi';
import { buildAppApi } from '../../core/api/appMethods';
import type { Bridge } from './bridgeTypes';
import { BridgeError, parseErrorPayload } from './bridgeTypes';

// Electron rejects an invoke with "Error invoking remote method 'm': Error: <message>", losing
// the error's fields; the message may also carry the payload as JSON. Recover what we can.
const invokePrefix = /^Error invoking remote method '[^']*':\s*(?:[A-Za-z]*Error:\s*)?/;

function toBridgeError(error: unknown): BridgeError {
  const payload = parseErrorPayload(error);
  if (payload) return new BridgeError(payload.code, payload.message);
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.replace(invokePrefix, '');
  try {
    const parsed = parseErrorPayload(JSON.parse(message));
    if (parsed) return new BridgeError(parsed.code, parsed.message);
  } catch {
    // Not JSON: the message itself is what the host said.
  }
  return new BridgeError('INTERNAL', message || 'Something went wrong inside Busker.');
}

function wrapApi(api: AppApi): AppApi {
  return buildAppApi((method) => {
    const forward = api[method] as (...args: unknown[]) => Promise<unknown>;
    return (async (...args: unknown[]) => {
      try {
        return await forward(...args);
      } catch (error) {
        throw toBridgeError(error);
      }
    }) as AppApi[typeof method];
  });
}

/** The bridge inside Electron: the preload's verbs, plus the `busker:` scheme for media. */
export function createElectronBridge(preload: PreloadBridge): Bridge {
  return {
    ...wrapApi(preload.api),
    on: (name, listener) => preload.on(name, listener),
    mediaUrl: (trackId) => `busker://track/${trackId}`,
    fetchMedia: (trackId, signal) => fetch(`busker://track/${trackId}`, { signal }),
    coverUrl: (coverId) => `busker://cover/${coverId}`,
    pathForFile: (file) => {
      try {
        return preload.pathForFile(file) || null;
      } catch {
        return null;
      }
    },
    // The desktop app publishes files where they are (pathForFile); nothing is uploaded.
    uploadFile: () =>
      Promise.reject(new BridgeError('UNAVAILABLE', 'The desktop app publishes files from where they are.')),
  };
}
