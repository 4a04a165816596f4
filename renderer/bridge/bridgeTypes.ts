import type { AppApi, AppErrorPayload, AppEventName, AppEvents } from '../../core/api/appApi';

export type EventListener<E extends AppEventName> = (payload: AppEvents[E]) => void;

/** Whether a browser page reaches its host: 'signedOut' when the host restarted with a new link. */
export type HostConnection = 'connected' | 'unreachable' | 'signedOut';

/** Everything the renderer asks of its host: the app API, its events and the URLs of media. */
export interface Bridge extends AppApi {
  on<E extends AppEventName>(name: E, listener: EventListener<E>): () => void;
  /** The host connection now and at each change; absent where the host cannot go away (Electron). */
  onHostConnection?(listener: (state: HostConnection) => void): () => void;
  /** A URL the audio element can stream the track from (with Range support). */
  mediaUrl(trackId: number): string;
  /** The whole file of a track, for decoding ahead of time (gapless playback). */
  fetchMedia(trackId: number, signal: AbortSignal): Promise<Response>;
  coverUrl(coverId: number): string;
  /** The local path of a dropped file or folder, or null when the host cannot know it (a browser). */
  pathForFile(file: File): string | null;
  /** Sends a chosen file's bytes to the host (browser host only) and returns where it keeps them. */
  uploadFile(file: File): Promise<string>;
}

/** A failed host call: `message` is written for the user and is shown as is. */
export class BridgeError extends Error implements AppErrorPayload {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

export const hostUnreachableMessage =
  'Busker could not reach its library. Check that Busker is still running, then try again.';

function isErrorPayload(value: unknown): value is AppErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppErrorPayload).code === 'string' &&
    typeof (value as AppErrorPayload).message === 'string'
  );
}

/** Reads an error payload out of anything a host may throw or answer; null when there is none. */
export function parseErrorPayload(value: unknown): AppErrorPayload | null {
  if (isErrorPayload(value)) return value;
  if (typeof value === 'object' && value !== null && isErrorPayload((value as { error?: unknown }).error)) {
    return (value as { error: AppErrorPayload }).error;
  }
  return null;
}

/** The message of any failure, for showing to the user. */
export function errorMessage(error: unknown): string {
  if (error instanceof BridgeError) return error.message;
  const payload = parseErrorPayload(error);
  if (payload) return payload.message;
  return 'Something went wrong inside Busker. Try again; if it keeps happening, restart the app.';
}
