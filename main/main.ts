/**
 * Electron's main process: the thin shell around the app backend. It owns the window, the
 * `busker:` scheme, the typed IPC and the menu; everything else lives in core/.
 */
import { join } from 'node:path';
import {
  app,
  dialog,
  Menu,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
  type BrowserWindow,
} from 'electron';
import { keepYoungGenerationSmall } from '../base/youngGeneration';
import type { AppBackend } from '../core/api/appBackend';
import { openBackend } from '../core/app/openBackend';
import { buildAppMenu } from './appMenu';
import { createHostSecretProvider } from './secretStore';
import { createAppFileHandler, createBuskerProtocolHandler } from './buskerProtocol';
import { appDataDir } from './dataDirOverride';
import { sendAppEvent, serveAppApi } from './ipc';
import { createAppWindow, denyAllPermissions, guardWebContents, loadAppPage } from './window';

const distDir = join(import.meta.dirname, '..');
const rendererDir = join(distDir, 'renderer');
const preloadPath = join(distDir, 'preload', 'preload.cjs');

// Idle most of its life, like the headless host: V8's young generation stays small.
keepYoungGenerationSmall();

// Before anything reads userData: the single-instance lock is per userData folder too. Not
// Electron's default (~/.config/Busker on Linux): the library is shared with the busker command.
app.setPath('userData', appDataDir(process.env));

// Privileges must be registered before `ready`. `stream` lets <audio> seek with Range requests.
protocol.registerSchemesAsPrivileged([
  {
    scheme: 'busker',
    privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true, corsEnabled: true },
  },
]);
app.enableSandbox();
// Media keys reach the page's MediaSession through Chromium's HardwareMediaKeyHandling
// feature, on by default: nothing here may pass --disable-features=HardwareMediaKeyHandling.
warnIfMediaKeysDisabled();

if (app.requestSingleInstanceLock()) {
  start();
} else {
  app.quit();
}

function start(): void {
  let window: BrowserWindow | null = null;
  const cleanups: Array<() => void | Promise<void>> = [];
  let quitting = false;

  app.on('second-instance', () => {
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  // Quitting waits for the backend to close (the IPFS node flushes its blocks and peer store).
  app.on('will-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void (async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        await Promise.resolve(cleanup()).catch((error: unknown) =>
          console.error('busker: while quitting', error),
        );
      }
      app.exit(0);
    })();
  });

  app
    .whenReady()
    .then(async () => {
      Menu.setApplicationMenu(buildAppMenu());
      denyAllPermissions(session.defaultSession);

      const dataDir = app.getPath('userData');
      // The window shows the library first: the market (its code, IPFS, the catalogue sync) keeps
      // this process busy for a second or more, so it starts once the page has loaded.
      let pageLoaded = () => {};
      const backend: AppBackend = openBackend({
        dataDir,
        host: 'electron',
        pickFolder: () => pickFolder(window),
        desktopShell: {
          pickSaveFile: (name) => pickSaveFile(window, name),
          // The backend passes a library track's path, looked up by its id: never the page's.
          showItemInFolder: (path) => shell.showItemInFolder(path),
          notify: (title, body) => showNotification(title, body),
        },
        watchFolders: true,
        market: {
          // safeStorage holds the wallet's secret: no passphrase to type in the app.
          hostSecret: createHostSecretProvider(safeStorage, dataDir),
          startAfter: new Promise<void>((resolve) => (pageLoaded = resolve)),
        },
      });
      cleanups.push(() => backend.close());

      const handleBusker = createBuskerProtocolHandler({
        appFiles: createAppFileHandler(rendererDir),
        media: backend.handleMedia,
      });
      protocol.handle('busker', handleBusker);
      cleanups.push(serveAppApi(backend.api, () => window?.webContents ?? null));
      cleanups.push(
        backend.onEvent((event) => {
          if (window !== null) sendAppEvent(window.webContents, event);
        }),
      );

      window = await createAppWindow({
        preloadPath,
        stateFile: join(app.getPath('userData'), 'window-state.json'),
      });
      window.on('closed', () => {
        window = null;
      });
      // Only now: the page calls the API while it loads, and IPC trusts `window` alone.
      await loadAppPage(window);
      pageLoaded();
    })
    .catch((error: unknown) => {
      console.error('busker: could not start', error);
      const detail = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Busker could not start', `${detail}\n\nTry starting Busker again.`);
      app.exit(1);
    });
}

async function pickFolder(window: BrowserWindow | null): Promise<string | null> {
  const options = { properties: ['openDirectory' as const] };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function pickSaveFile(window: BrowserWindow | null, name: string): Promise<string | null> {
  const options = { defaultPath: join(app.getPath('music'), name), filters: [playlistFilter] };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
const playlistFilter = { name: 'Playlist', extensions: ['m3u8', 'm3u'] };

/**
 * Main's notification, not the page's: the session denies the page every permission. Linux
 * notification servers read the body as markup, so its `<` and `&` are escaped there.
 */
function showNotification(title: string, body: string): void {
  if (!Notification.isSupported()) return;
  const plainBody =
    process.platform === 'linux'
      ? body.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
      : body;
  new Notification({ title, body: plainBody, silent: true }).show();
}

function warnIfMediaKeysDisabled(): void {
  const disabled = app.commandLine.getSwitchValue('disable-features');
  if (disabled.split(',').includes('HardwareMediaKeyHandling')) {
    console.warn('busker: HardwareMediaKeyHandling is disabled; media keys will not reach the player');
  }
}
