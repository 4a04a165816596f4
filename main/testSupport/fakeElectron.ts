/**
 * A stand-in for the `electron` module, just big enough for main.ts to start in plain Node:
 * it records what the shell registers so a test can drive it (DESIGN.md: no Electron binary here).
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  frameTreeNodeId: number;
  isDestroyed(): boolean;
}

export const recorded = {
  log: [] as string[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Handler>(),
  sent: [] as Array<[string, unknown]>,
  /** URLs handed to shell.openExternal. */
  openedExternally: [] as string[],
  /** Paths handed to shell.showItemInFolder. */
  shownInFolder: [] as string[],
  /** What the next save dialog answers (a path, or null for Cancel). */
  nextSavePath: null as string | null,
  window: null as FakeBrowserWindow | null,
  /** What an app API call made while the page loads got back (the page calls during its load). */
  callDuringLoad: null as Promise<unknown> | null,
  /** The handlers set on the default session, by kind. */
  permissionHandlers: new Map<'request' | 'check' | 'device', Handler>(),
};

let fireReady: () => void = () => {};
const ready = new Promise<void>((resolve) => (fireReady = resolve));
let windowLoaded: (window: FakeBrowserWindow) => void = () => {};
/** Resolves once main.ts has created its window and loaded the app page. */
export const windowShown = new Promise<FakeBrowserWindow>((resolve) => (windowLoaded = resolve));

export function emitReady(): void {
  fireReady();
}

class FakeApp extends EventEmitter {
  private readonly paths = new Map<string, string>([['userData', '/nonexistent/default-user-data']]);
  readonly commandLine = { getSwitchValue: () => '' };
  setPath(name: string, value: string) {
    this.paths.set(name, value);
    recorded.log.push(`setPath ${name}`);
  }
  getPath(name: string) {
    return this.paths.get(name) ?? '';
  }
  enableSandbox() {
    recorded.log.push('enableSandbox');
  }
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return ready;
  }
  quit() {
    recorded.log.push('quit');
  }
  exit(code: number) {
    recorded.log.push(`exit ${code}`);
  }
}

export const app = new FakeApp();

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown) {
    recorded.log.push(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel: string, handler: Handler) {
    recorded.ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    recorded.ipcHandlers.delete(channel);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: Handler) => recorded.permissionHandlers.set('request', handler),
    setPermissionCheckHandler: (handler: Handler) => recorded.permissionHandlers.set('check', handler),
    setDevicePermissionHandler: (handler: Handler) => recorded.permissionHandlers.set('device', handler),
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu: () => recorded.log.push('menu set'),
};

export const dialog = {
  showOpenDialog: async () => ({ canceled: true, filePaths: [] as string[] }),
  showSaveDialog: async () => {
    const filePath = recorded.nextSavePath;
    recorded.nextSavePath = null;
    return filePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath };
  },
  showErrorBox: (title: string, message: string) => recorded.log.push(`error box: ${title}: ${message}`),
};

export const shell = {
  openExternal: async (url: string) => {
    recorded.openedExternally.push(url);
  },
  showItemInFolder: (path: string) => {
    recorded.shownInFolder.push(path);
  },
};

/** Reversible stand-in "encryption": enough to prove the secret is stored through it. */
export const safeStorage = {
  available: true,
  isEncryptionAvailable: () => safeStorage.available,
  encryptString: (text: string) => Buffer.from(`fake-safe:${Buffer.from(text).toString('base64')}`),
  decryptString: (data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('fake-safe:'))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice('fake-safe:'.length), 'base64').toString();
  },
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

/** A web contents: its events, and the window-open handler it is given. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: Handler | null = null;
  setWindowOpenHandler(handler: Handler) {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly mainFrame: FakeFrame = {
    url: 'busker://app/index.html',
    parent: null,
    frameTreeNodeId: 1,
    isDestroyed: () => false,
  };
  readonly webContents = Object.assign(new FakeWebContents(), {
    id: 7,
    mainFrame: this.mainFrame,
    isDestroyed: () => false,
    send: (channel: string, message: unknown) => recorded.sent.push([channel, message]),
  });

  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    recorded.window = this;
    // As Electron does for every web contents it makes.
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    recorded.log.push(`loadURL ${url}`);
    const capabilities = recorded.ipcHandlers.get('app:capabilities');
    recorded.callDuringLoad = Promise.resolve()
      .then(() => capabilities?.({ sender: this.webContents, senderFrame: this.mainFrame }))
      .catch((error: unknown) => ({ rejected: String(error) }));
    queueMicrotask(() => windowLoaded(this));
  }
  maximize() {}
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 900, height: 700 };
  }
}

export { FakeBrowserWindow as BrowserWindow };
