/**
 * The guards window.ts puts on every web contents and on the session, driven through the
 * recording stand-in for `electron`: navigation away from busker://app, new windows, webviews and
 * permission requests are refused, and only a clicked http(s) link reaches the user's browser.
 * The same rules in a real Electron are exercised by e2e/electron.e2e.ts where a binary exists.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { register } from 'node:module';
import { join } from 'node:path';
import { before, beforeEach, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type * as FakeElectron from './testSupport/fakeElectron';
import type * as Window from './window';

const fakeUrl = pathToFileURL(join(import.meta.dirname, 'testSupport', 'fakeElectron.ts')).href;
register(
  `data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(fakeUrl)}, shortCircuit: true };
  return next(specifier, context);
}`)}`,
);

type WindowOpenHandler = (details: { url: string; disposition: string }) => { action: string };

/** Just enough of WebContents for guardWebContents: events, and the window-open handler it sets. */
class FakeContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  setWindowOpenHandler(handler: WindowOpenHandler) {
    this.windowOpenHandler = handler;
  }
  /** Emits `name` as Electron does (an event object first) and says whether it was prevented. */
  attempt(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
  input(type: string) {
    this.emit('input-event', {}, { type });
  }
  open(url: string, disposition = 'foreground-tab') {
    assert.ok(this.windowOpenHandler, 'no window-open handler was set');
    return this.windowOpenHandler({ url, disposition });
  }
}

let fake: typeof FakeElectron;
let window: typeof Window;
let contents: FakeContents;

before(async () => {
  fake = (await import('electron')) as unknown as typeof FakeElectron;
  window = (await import('./window')) as typeof Window;
});

beforeEach(() => {
  contents = new FakeContents();
  window.guardWebContents(contents as never);
  fake.recorded.openedExternally.length = 0;
});

const elsewhere = [
  'https://example.org/',
  'http://127.0.0.1:8080/',
  'file:///etc/passwd',
  'busker://track/1',
  'busker://app.evil/index.html',
  'javascript:alert(1)',
  'data:text/html,hi',
  'about:blank',
];

test('the page may move within busker://app and nowhere else, in any frame or by redirect', () => {
  for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
    assert.equal(contents.attempt(name, 'busker://app/index.html#albums'), false, name);
    for (const url of elsewhere) assert.equal(contents.attempt(name, url), true, `${name} ${url}`);
  }
  assert.deepEqual(fake.recorded.openedExternally, [], 'nothing was clicked');
});

test('window.open and target=_blank never make a window', () => {
  for (const url of [...elsewhere, 'busker://app/index.html']) {
    for (const disposition of ['default', 'foreground-tab', 'background-tab', 'new-window', 'other']) {
      contents.input('mouseUp');
      assert.deepEqual(contents.open(url, disposition), { action: 'deny' }, `${url} ${disposition}`);
    }
  }
});

test('a page opening links by itself opens nothing in the browser', () => {
  for (const url of ['https://example.org/', 'http://example.org/']) {
    contents.open(url);
    contents.attempt('will-navigate', url);
  }
  contents.input('mouseMove');
  contents.open('https://example.org/');
  assert.deepEqual(fake.recorded.openedExternally, []);
});

test('a clicked http(s) link opens once in the browser, from a new window or a navigation', () => {
  contents.input('mouseDown');
  contents.input('mouseUp');
  contents.open('https://example.org/artist');
  contents.open('https://example.org/again');
  contents.input('rawKeyDown');
  assert.equal(contents.attempt('will-navigate', 'https://example.org/by-enter'), true);
  contents.input('mouseUp');
  assert.equal(contents.attempt('will-frame-navigate', 'https://example.org/in-a-frame'), true);
  assert.deepEqual(fake.recorded.openedExternally, [
    'https://example.org/artist',
    'https://example.org/by-enter',
  ]);
});

test('a clicked link to anything but http(s) stays closed', () => {
  for (const url of elsewhere.filter((candidate) => !candidate.startsWith('http'))) {
    contents.input('mouseUp');
    contents.open(url);
    contents.input('mouseUp');
    contents.attempt('will-navigate', url);
  }
  assert.deepEqual(fake.recorded.openedExternally, []);
});

test('no webview is ever attached', () => {
  assert.equal(contents.attempt('will-attach-webview', 'https://example.org/'), true);
});

test('every permission request and check is denied', () => {
  const handlers: Record<string, (...args: unknown[]) => unknown> = {};
  const session = {
    setPermissionRequestHandler: (handler: (...args: unknown[]) => unknown) => (handlers.request = handler),
    setPermissionCheckHandler: (handler: (...args: unknown[]) => unknown) => (handlers.check = handler),
    setDevicePermissionHandler: (handler: (...args: unknown[]) => unknown) => (handlers.device = handler),
  };
  window.denyAllPermissions(session as never);
  const permissions = [
    'media',
    'geolocation',
    'notifications',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'idle-detection',
    'window-management',
    'storage-access',
    'fileSystem',
    'keyboardLock',
    'speaker-selection',
    'unknown',
  ];
  for (const permission of permissions) {
    const answers: unknown[] = [];
    handlers.request?.({}, permission, (granted: boolean) => answers.push(granted), {});
    assert.deepEqual(answers, [false], `request ${permission}`);
    assert.equal(handlers.check?.({}, permission, 'busker://app', {}), false, `check ${permission}`);
  }
  for (const deviceType of ['hid', 'serial', 'usb', 'bluetooth']) {
    assert.equal(handlers.device?.({ deviceType, origin: 'busker://app' }), false, deviceType);
  }
});
