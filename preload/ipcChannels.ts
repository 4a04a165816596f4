/**
 * The IPC channels between the preload and main, and the reply envelope. Shared by
 * `preload/preload.ts` and `main/ipc.ts`; it imports nothing at runtime, so the sandboxed
 * preload can bundle it.
 */
import type { AppErrorPayload, AppMethod } from '../core/api/appApi';

/** One invoke channel per app API method. */
export function appMethodChannel(method: AppMethod): `app:${AppMethod}` {
  return `app:${method}`;
}

/** Main → renderer events (`AppEvent` objects: `{ name, payload }`). */
export const APP_EVENT_CHANNEL = 'app-event';

/**
 * What every `app:<method>` handler resolves with. Errors travel as data so the renderer sees
 * our message and code, not Electron's "Error invoking remote method ..." wrapper.
 */
export type AppCallReply = { result: unknown } | { error: AppErrorPayload };
