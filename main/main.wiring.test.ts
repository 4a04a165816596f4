/**
 * Starts main.ts against a recording stand-in for `electron` (no binary can run here) and
 * checks the wiring: data folder override, scheme privileges, the navigation, window and permission
 * guards, the protocol routes, the IPC handlers with their sender check, event forwarding and the
 * clean-up on quit.
 * What only real Electron can show is in e2e/electron.e2e.ts.
 */
import assert from 'node:assert/strict';
import type { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { appMethods } from '../core/api/appMethods';
import type * as FakeElectron from './testSupport/fakeElectron';

type Fake = typeof FakeElectron;

const fakeUrl = pathToFileURL(join(import.meta.dirname, 'testSupport', 'fakeElectron.ts')).href;
const redirectElectron = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(fakeUrl)}, shortCircuit: true };
  return next(specifier, context);
}`;

let fake: Fake;
let dataDir: string;
let window: InstanceType<Fake['FakeBrowserWindow']>;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'busker-main-wiring-'));
  process.env.BUSKER_DATA_DIR = dataDir;
  register(`data:text/javascript,${encodeURIComponent(redirectElectron)}`);
  fake = (await import('electron')) as unknown as Fake;
  assert.equal(typeof fake.emitReady, 'function', 'the electron stand-in was not loaded');
  await import('./main');
  fake.emitReady();
  window = await fake.windowShown;
});

/** Quitting closes the backend (and its IPFS node) before the app exits. */
async function appExited(): Promise<void> {
  while (!fake.recorded.log.includes('exit 0')) await new Promise((resolve) => setTimeout(resolve, 20));
}

after(async () => {
  if (fake) {
    fake.app.emit('will-quit', { preventDefault() {} });
    await appExited();
  }
  await rm(dataDir, { recursive: true, force: true });
});

test('before ready: userData comes from BUSKER_DATA_DIR, the scheme is privileged, the sandbox is on', () => {
  const log = fake.recorded.log;
  assert.equal(fake.app.getPath('userData'), dataDir);
  const schemes = log.find((line) => line.startsWith('registerSchemesAsPrivileged'));
  assert.ok(schemes);
  assert.deepEqual(JSON.parse(schemes.slice('registerSchemesAsPrivileged '.length)), [
    {
      scheme: 'busker',
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
  assert.ok(log.indexOf('setPath userData') < log.indexOf(schemes));
  assert.ok(log.includes('enableSandbox'));
});

test('the window is sandboxed and isolated and loads busker://app/index.html', () => {
  const preferences = window.options.webPreferences;
  assert.equal(preferences.contextIsolation, true);
  assert.equal(preferences.sandbox, true);
  assert.equal(preferences.nodeIntegration, false);
  assert.equal(preferences.webSecurity, true);
  assert.equal(preferences.spellcheck, false);
  assert.match(String(preferences.preload), /preload[/\\]preload\.cjs$/);
  assert.ok(fake.recorded.log.includes('loadURL busker://app/index.html'));
});

/** Emits `name` on `contents` as Electron does (an event object first); says whether it was prevented. */
function prevented(contents: EventEmitter, name: string, url: string): boolean {
  let stopped = false;
  contents.emit(name, { url, preventDefault: () => (stopped = true) }, url);
  return stopped;
}

test('every web contents, the window’s and any made later, stays on busker://app and opens nothing', () => {
  const later = new fake.FakeWebContents();
  fake.app.emit('web-contents-created', {}, later);
  const everyContents = [
    ['the window', window.webContents],
    ['a later web contents', later],
  ] as const;
  for (const [name, contents] of everyContents) {
    assert.equal(prevented(contents, 'will-navigate', 'busker://app/index.html#albums'), false, name);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      assert.equal(prevented(contents, event, 'https://example.org/'), true, `${name}: ${event}`);
    }
    assert.equal(
      prevented(contents, 'will-attach-webview', 'https://example.org/'),
      true,
      `${name}: webview`,
    );
    assert.ok(contents.windowOpenHandler, `${name}: no window-open handler`);
    const opened = contents.windowOpenHandler({ url: 'https://example.org/', disposition: 'new-window' });
    assert.deepEqual(opened, { action: 'deny' }, `${name}: window.open`);
  }
  assert.deepEqual(fake.recorded.openedExternally, [], 'nothing was clicked');
});

test('the default session denies every permission request and check', () => {
  const handlers = fake.recorded.permissionHandlers;
  const request = handlers.get('request');
  const check = handlers.get('check');
  const device = handlers.get('device');
  assert.ok(request && check && device, `handlers set: ${[...handlers.keys()].join(', ')}`);
  for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
    const answers: unknown[] = [];
    request({}, permission, (granted: boolean) => answers.push(granted), {});
    assert.deepEqual(answers, [false], `request ${permission}`);
    assert.equal(check({}, permission, 'busker://app', {}), false, `check ${permission}`);
  }
  assert.equal(device({ deviceType: 'usb', origin: 'busker://app' }), false);
});

test('the page may call the API while it is still loading', async () => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.deepEqual(await fake.recorded.callDuringLoad, {
      result: { host: 'electron', folderPicker: true, market: true, desktopShell: true },
    });
  } finally {
    console.warn = warn;
  }
});

test('busker: requests are routed, and nothing outside the app files is served', async () => {
  const handle = fake.recorded.protocolHandlers.get('busker');
  assert.ok(handle);
  assert.equal((await handle(new Request('busker://track/999'))).status, 404);
  assert.equal((await handle(new Request('busker://cover/999'))).status, 404);
  assert.equal((await handle(new Request('busker://elsewhere/x'))).status, 404);
  assert.equal((await handle(new Request('busker://app/%2e%2e/%2e%2e/package.json'))).status, 404);
});

test('every app method has an IPC handler that answers the app page', async () => {
  const channels = [...fake.recorded.ipcHandlers.keys()].sort();
  assert.deepEqual(channels, appMethods.map((method) => `app:${method}`).sort());
  const trusted = { sender: window.webContents, senderFrame: window.mainFrame };
  const stats = await fake.recorded.ipcHandlers.get('app:libraryStats')!(trusted);
  assert.deepEqual(stats, { result: { tracks: 0, albums: 0, artists: 0 } });
  const bad = (await fake.recorded.ipcHandlers.get('app:listTracks')!(trusted, { offset: -1, limit: 0 })) as {
    error: { code: string };
  };
  assert.equal(bad.error.code, 'BAD_REQUEST');
});

test('IPC from a subframe or another origin is refused before anything runs', async () => {
  const handler = fake.recorded.ipcHandlers.get('app:libraryStats')!;
  const subframe = { ...window.mainFrame, parent: window.mainFrame, frameTreeNodeId: 2 };
  const otherOrigin = { ...window.mainFrame, url: 'file:///tmp/evil.html' };
  const warn = console.warn;
  console.warn = () => {};
  try {
    for (const senderFrame of [subframe, otherOrigin, null]) {
      await assert.rejects(async () => handler({ sender: window.webContents, senderFrame }), /Refused/);
    }
  } finally {
    console.warn = warn;
  }
});

test('backend events reach the window on the app-event channel', async () => {
  const trusted = { sender: window.webContents, senderFrame: window.mainFrame };
  const emptyFolder = await mkdtemp(join(tmpdir(), 'busker-empty-music-'));
  try {
    const reply = (await fake.recorded.ipcHandlers.get('app:importFolder')!(trusted, emptyFolder)) as {
      result?: { added: number };
    };
    assert.equal(reply.result?.added, 0);
  } finally {
    await rm(emptyFolder, { recursive: true, force: true });
  }
  const names = fake.recorded.sent.map(
    ([channel, event]) => `${channel} ${(event as { name: string }).name}`,
  );
  assert.ok(names.includes('app-event onDidChangeLibrary'), names.join(', '));
});

test('closing the window remembers its bounds; quitting removes the IPC handlers', async () => {
  window.emit('close');
  const state = JSON.parse(await readFile(join(dataDir, 'window-state.json'), 'utf8'));
  assert.deepEqual(state, { x: 10, y: 20, width: 900, height: 700, maximized: false });
  let prevented = false;
  fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
  assert.ok(prevented, 'quitting waits for the backend to close');
  await appExited();
  assert.equal(fake.recorded.ipcHandlers.size, 0);
});
