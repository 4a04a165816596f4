/** When a change of the playing track is worth a system notification. */
export interface TrackChange {
  /** The listener's setting "Notify when the song changes". */
  enabled: boolean;
  /** The track last seen playing. */
  previousId: number | null;
  currentId: number | null;
  playing: boolean;
  /** The window is focused and visible: the listener sees the player already. */
  windowInView: boolean;
}

/** A new track started playing while the window is out of view, and the listener wants to know. */
export function shouldNotifyTrackChange(change: TrackChange): boolean {
  return (
    change.enabled &&
    change.playing &&
    change.currentId !== null &&
    change.currentId !== change.previousId &&
    !change.windowInView
  );
}

/** What the browser's Notification API offers (absent in some browsers and in tests). */
export interface WebNotifications {
  permission: string;
  requestPermission(): Promise<string>;
}

/** The page's Notification API, or null where there is none. */
export function webNotifications(): WebNotifications | null {
  const api = (globalThis as { Notification?: WebNotifications }).Notification;
  return api ?? null;
}
