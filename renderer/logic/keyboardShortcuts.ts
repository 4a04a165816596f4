/** The global keyboard shortcuts: which key does what, and how the help dialog lists them. */

export type ShortcutAction =
  | 'togglePlay'
  | 'next'
  | 'previous'
  | 'seekForward'
  | 'seekBackward'
  | 'volumeUp'
  | 'volumeDown'
  | 'toggleMute'
  | 'toggleShuffle'
  | 'cycleRepeat'
  | 'focusSearch'
  | 'showShortcuts';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export const seekStepSeconds = 5;
export const volumeStep = 0.05;

/** The action for a key press outside text fields, or null when the key is not a shortcut. */
export function shortcutForKey(press: KeyPress): ShortcutAction | null {
  const command = press.ctrlKey || press.metaKey;
  if (press.altKey) return null;
  if (command) {
    if (press.shiftKey) return null;
    switch (press.key) {
      case 'ArrowRight':
        return 'next';
      case 'ArrowLeft':
        return 'previous';
      case 'f':
      case 'F':
        return 'focusSearch';
      default:
        return null;
    }
  }
  switch (press.key) {
    case ' ':
      return 'togglePlay';
    case 'ArrowRight':
      return 'seekForward';
    case 'ArrowLeft':
      return 'seekBackward';
    case 'ArrowUp':
      return 'volumeUp';
    case 'ArrowDown':
      return 'volumeDown';
    case 'm':
    case 'M':
      return 'toggleMute';
    case 's':
    case 'S':
      return 'toggleShuffle';
    case 'r':
    case 'R':
      return 'cycleRepeat';
    case '/':
      return 'focusSearch';
    case '?':
      return 'showShortcuts';
    default:
      return null;
  }
}

export interface ShortcutHelp {
  keys: string[];
  what: string;
}

/** The help dialog's table; `mod` is Ctrl or ⌘ depending on the platform. */
export function shortcutHelp(mod: string): ShortcutHelp[] {
  return [
    { keys: ['Space'], what: 'Play or pause' },
    { keys: [`${mod} →`], what: 'Next track' },
    { keys: [`${mod} ←`], what: 'Previous track (restarts the track after 3 seconds)' },
    { keys: ['→', '←'], what: `Seek forward or back ${seekStepSeconds} seconds` },
    { keys: ['↑', '↓'], what: 'Volume up or down (in the track list: move the selection)' },
    { keys: ['Enter'], what: 'In the track list: play from the selected track' },
    { keys: ['Shift Enter'], what: 'In the track list: play the selected track next' },
    { keys: ['Alt ↑', 'Alt ↓'], what: 'In the queue: move the focused track up or down' },
    { keys: ['Home', 'End'], what: 'In the track list: first or last track' },
    { keys: ['M'], what: 'Mute or unmute' },
    { keys: ['S'], what: 'Shuffle on or off' },
    { keys: ['R'], what: 'Repeat: off, all, one' },
    { keys: ['/', `${mod} F`], what: 'Search the library' },
    { keys: ['Esc'], what: 'Clear the search, close a dialog' },
    { keys: ['?'], what: 'Show these shortcuts' },
  ];
}
