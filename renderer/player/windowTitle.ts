import { windowTitle } from '../logic/windowTitle';
import type { AppStore } from '../store/appStore';

/**
 * Names the playing track in the page's title, which Electron's window and the browser's tab
 * show. Returns a function that stops following it.
 */
export function followWindowTitle(store: AppStore): () => void {
  const show = () => {
    const { current, playing } = store.getState();
    document.title = windowTitle(current, playing);
  };
  show();
  return store.subscribe((state, previous) => {
    if (state.current !== previous.current || state.playing !== previous.playing) show();
  });
}
