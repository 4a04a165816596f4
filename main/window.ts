import { BrowserWindow, screen, shell, type Session, type WebContents } from 'electron';
import { createExternalLinkOpener, createUserActivation } from './externalLinks';
import { isAppUrl, APP_INDEX_URL } from './urlPolicy';
import { isReachable, readWindowState, writeWindowState, type WindowState } from './windowState';

export interface AppWindowOptions {
  /** The built, sandboxed preload (dist/preload/preload.cjs). */
  preloadPath: string;
  /** Where the window's size and position are remembered between runs. */
  stateFile: string;
}

const DEFAULT_SIZE = { width: 1200, height: 800 };

/**
 * Busker's one window: sandboxed, isolated, meant to show only `busker://app` (load it with
 * `loadAppPage` once the caller can recognise the window as the app's: IPC starts during the load).
 */
export async function createAppWindow(options: AppWindowOptions): Promise<BrowserWindow> {
  const saved = await readWindowState(options.stateFile);
  const placement =
    saved &&
    isReachable(
      saved,
      screen.getAllDisplays().map((display) => display.workArea),
    );
  // Electronegativity AUXCLICK_JS_CHECK: a middle click opens no window either. It reaches the same
  // window-open handler as any link (guardWebContents), which denies every window and passes only
  // clicked http(s) links to the browser; tested in main/window.test.ts and e2e/electron.e2e.ts.
  const window = /* eng-disable AUXCLICK_JS_CHECK */ new BrowserWindow({
    ...(saved && placement ? { x: saved.x, y: saved.y } : {}),
    width: saved?.width ?? DEFAULT_SIZE.width,
    height: saved?.height ?? DEFAULT_SIZE.height,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Busker',
    backgroundColor: '#16161a',
    webPreferences: {
      // Electronegativity PRELOAD_JS_CHECK, reviewed: the preload runs sandboxed and context-isolated
      // and exposes only the app API's verbs (preload/preload.ts); ipcRenderer never reaches the page,
      // and main checks the sender frame of every call (ipc.ts).
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A music player starts the next track, or resumes from a media key, without a click.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  rememberBounds(window, options.stateFile);
  return window;
}

export function loadAppPage(window: BrowserWindow): Promise<void> {
  return window.loadURL(APP_INDEX_URL);
}

/**
 * Navigation and window-opening rules for any web contents the app creates (applied from
 * `web-contents-created`, so nothing escapes them): stay on busker://app, never open a window or
 * attach a webview, and hand plain http(s) links to the user's browser only when the user has
 * just clicked (externalLinks.ts).
 */
export function guardWebContents(contents: WebContents): void {
  const activation = createUserActivation();
  contents.on('input-event', (_event, input) => activation.noteInput(input.type));
  // Electronegativity OPEN_EXTERNAL_JS_CHECK, reviewed: the opener passes on only http(s) URLs
  // without credentials, one per user click or key press (externalLinks.ts and its tests).
  const openInBrowser = (url: string) => shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  const openLink = createExternalLinkOpener(openInBrowser, activation);

  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openLink(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openLink(url);
    return { action: 'deny' };
  });
}

/**
 * Denies every permission request and check. Playback needs none: <audio>, Web Audio and the
 * MediaSession API (media keys) are not permission-gated; microphone, camera, notifications,
 * clipboard reads, HID/serial/USB, geolocation and the rest are never needed by Busker.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

function rememberBounds(window: BrowserWindow, stateFile: string): void {
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    const state: WindowState = {
      x: Math.round(bounds.x),
      y: Math.round(bounds.y),
      width: Math.round(bounds.width),
      height: Math.round(bounds.height),
      maximized: window.isMaximized(),
    };
    try {
      writeWindowState(stateFile, state);
    } catch (error) {
      console.warn('busker: could not remember the window position', error);
    }
  });
}
