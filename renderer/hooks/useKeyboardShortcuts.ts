import { useEffect } from 'react';
import type { ShortcutAction } from '../logic/keyboardShortcuts';
import { seekStepSeconds, shortcutForKey, volumeStep } from '../logic/keyboardShortcuts';
import { useAppStore } from '../store/appStore';

/** Keys belong to the element when it takes text or has keys of its own. */
function ownsKeys(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return true;
  // Space presses a focused button or link: let it.
  if (key === ' ' && target.closest('button, a[href], summary, [role="button"]')) return true;
  return false;
}

export const focusSearchEvent = 'busker:focus-search';

function run(action: ShortcutAction) {
  const state = useAppStore.getState();
  switch (action) {
    case 'togglePlay':
      return state.togglePlay();
    case 'next':
      return state.next();
    case 'previous':
      return state.previous();
    case 'seekForward':
      return state.seekBy(seekStepSeconds);
    case 'seekBackward':
      return state.seekBy(-seekStepSeconds);
    case 'volumeUp':
      return state.changeVolumeBy(volumeStep);
    case 'volumeDown':
      return state.changeVolumeBy(-volumeStep);
    case 'toggleMute':
      return state.toggleMute();
    case 'toggleShuffle':
      return state.toggleShuffle();
    case 'cycleRepeat':
      return state.cycleRepeat();
    case 'focusSearch':
      return void window.dispatchEvent(new Event(focusSearchEvent));
    case 'showShortcuts':
      return state.openDialog('shortcuts');
    default: {
      const unhandled: never = action;
      throw new Error(`Unhandled shortcut: ${String(unhandled)}`);
    }
  }
}

/** Listens for the global shortcuts, except while typing, in a dialog, or when a widget took the key. */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const action = shortcutForKey(event);
      if (!action) return;
      // Ctrl/Cmd+F reaches the search box even from a text field; nothing else does.
      if (action !== 'focusSearch' || !(event.ctrlKey || event.metaKey)) {
        if (ownsKeys(event.target, event.key)) return;
      }
      if (useAppStore.getState().dialog) return;
      event.preventDefault();
      run(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
