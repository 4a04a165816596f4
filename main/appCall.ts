import type { AppApi, AppMethod } from '../core/api/appApi';
import { parseAppArgs } from '../core/api/appApiSchemas';
import { toErrorPayload } from '../core/errors';
import type { AppCallReply } from '../preload/ipcChannels';

/**
 * Runs one app API call from the renderer: parse the untrusted arguments, call the backend,
 * and wrap the outcome as data. Unexpected errors are logged here and reach the page only as
 * the generic INTERNAL payload.
 */
export async function dispatchAppCall(api: AppApi, method: AppMethod, args: unknown): Promise<AppCallReply> {
  try {
    const parsed = parseAppArgs(method, args);
    const call = api[method] as (...callArgs: typeof parsed) => Promise<unknown>;
    return { result: await call.apply(api, parsed) };
  } catch (error) {
    const payload = toErrorPayload(error);
    if (payload.code === 'INTERNAL') console.error(`busker: ${method} failed`, error);
    return { error: payload };
  }
}
