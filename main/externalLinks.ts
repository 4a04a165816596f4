/**
 * Which links leave the app for the user's browser: plain http(s) links (urlPolicy), and only
 * right after the user clicked or pressed a key in the window. The input is what Electron's main
 * process saw (`input-event`), which the page cannot forge; a page calling window.open() on its
 * own opens nothing. Pure: no Electron, so the rules are unit-tested in plain Node.
 */
import { externalLinkUrl } from './urlPolicy';

/** How long after a click or key press a link may still open, like Chromium's own user activation. */
export const USER_ACTIVATION_MS = 1000;

/** Input events that mean the user asked for something (Chromium's activation-triggering input). */
const ACTIVATING_INPUT: ReadonlySet<string> = new Set([
  'mouseDown',
  'mouseUp',
  'rawKeyDown',
  'keyDown',
  'gestureTap',
  'touchEnd',
]);

export interface UserActivation {
  /** Records one input event the window received (`InputEvent.type`). */
  noteInput(type: string): void;
  /** True when the user acted within the last second; using it up means one click opens one link. */
  consume(): boolean;
}

export function createUserActivation(
  now: () => number = Date.now,
  windowMs: number = USER_ACTIVATION_MS,
): UserActivation {
  let activatedAt = Number.NEGATIVE_INFINITY;
  return {
    noteInput(type) {
      if (ACTIVATING_INPUT.has(type)) activatedAt = now();
    },
    consume() {
      const active = now() - activatedAt <= windowMs;
      activatedAt = Number.NEGATIVE_INFINITY;
      return active;
    },
  };
}

/**
 * Returns the function the window calls with every link the page tries to open or navigate to:
 * it hands a qualifying link to `openInBrowser` (shell.openExternal) and says whether it did.
 */
export function createExternalLinkOpener(
  openInBrowser: (url: string) => Promise<void>,
  activation: UserActivation,
): (url: string) => boolean {
  return (url) => {
    const external = externalLinkUrl(url);
    if (external === null || !activation.consume()) return false;
    openInBrowser(external).catch((error: unknown) => console.warn('busker: could not open link', error));
    return true;
  };
}
