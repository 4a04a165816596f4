import { shouldNotifyTrackChange, webNotifications } from '../logic/trackChangeNotice';
import type { Bridge } from '../bridge/bridgeTypes';
import type { AppStore } from '../store/appStore';

/** The listener's choice, or the host's default: on in the desktop app, off in a browser. */
export function notifyTrackChangeOn(state: ReturnType<AppStore['getState']>): boolean {
  return state.notifyTrackChange ?? state.capabilities?.desktopShell === true;
}

/**
 * Names each newly playing track in a system notification while the window is out of view.
 * The desktop app's main process shows it (it looks the track up by id); a browser shows a web
 * notification only when the listener already allowed them, never asking here.
 */
export function followTrackNotifications(store: AppStore, bridge: Bridge): () => void {
  let lastId = store.getState().current?.id ?? null;
  return store.subscribe((state, previous) => {
    if (state.current === previous.current && state.playing === previous.playing) return;
    const currentId = state.current?.id ?? null;
    const notify = shouldNotifyTrackChange({
      enabled: notifyTrackChangeOn(state),
      previousId: lastId,
      currentId,
      playing: state.playing,
      windowInView: document.visibilityState === 'visible' && document.hasFocus(),
    });
    if (state.playing) lastId = currentId;
    if (!notify || !state.current) return;
    // A browser shows what the host words, only when the listener already allowed it.
    if (!state.capabilities?.desktopShell && webNotifications()?.permission !== 'granted') return;
    void bridge
      .notifyTrack(state.current.id)
      .then((notice) => {
        if (notice) new Notification(notice.title, { body: notice.body, silent: true });
      })
      .catch(() => {});
  });
}
