/**
 * Every IPC handler main registers (one per app API method, whatever methods the contract gains)
 * refuses a sender that is not the top frame of Busker's own window on busker://app, and answers
 * input that fails the method's schema with BAD_REQUEST; neither ever reaches the backend.
 * Runs ipc.ts against the recording stand-in for `electron` (no binary can run here).
 */
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { AppApi, AppMethod } from '../core/api/appApi';
import { appApiSchemas } from '../core/api/appApiSchemas';
import { appMethods, minCacheLimitBytes } from '../core/api/appMethods';
import type * as FakeElectron from './testSupport/fakeElectron';
import type * as Ipc from './ipc';

const fakeUrl = pathToFileURL(join(import.meta.dirname, 'testSupport', 'fakeElectron.ts')).href;
register(
  `data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(fakeUrl)}, shortCircuit: true };
  return next(specifier, context);
}`)}`,
);

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;
interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  frameTreeNodeId: number;
  isDestroyed(): boolean;
}

const frame = (overrides: Partial<FakeFrame> = {}): FakeFrame => ({
  url: 'busker://app/index.html',
  parent: null,
  frameTreeNodeId: 1,
  isDestroyed: () => false,
  ...overrides,
});
const appFrame = frame();
const appContents = { id: 7, mainFrame: appFrame, isDestroyed: () => false };
const trusted = { sender: appContents, senderFrame: appFrame };

/** Senders that must be refused, each as Electron would describe it to the handler. */
const untrustedSenders: Array<[string, unknown]> = [
  [
    'a subframe of the app page',
    { sender: appContents, senderFrame: frame({ parent: appFrame, frameTreeNodeId: 2 }) },
  ],
  ['a frame that is gone', { sender: appContents, senderFrame: null }],
  ['a frame being destroyed', { sender: appContents, senderFrame: frame({ isDestroyed: () => true }) }],
  [
    'another window showing the app page',
    { sender: { ...appContents, id: 8 }, senderFrame: frame({ frameTreeNodeId: 9 }) },
  ],
  ...[
    'https://evil.example/index.html',
    'http://127.0.0.1:5173/index.html',
    'file:///home/listener/evil.html',
    'busker://track/1',
    'busker://app.evil/index.html',
    'busker://app@evil/index.html',
    'busker://app:8080/index.html',
    'about:blank',
    'data:text/html,<script>parent.busker</script>',
    'devtools://devtools/bundled/inspector.html',
  ].map((url): [string, unknown] => [
    `the main frame at ${url}`,
    { sender: appContents, senderFrame: frame({ url }) },
  ]),
];

/** Values of the wrong kind for any argument, including prototype-pollution payloads. */
const wrongValues: unknown[] = [
  undefined,
  null,
  true,
  -1,
  1.5,
  Number.NaN,
  '',
  'x'.repeat(100_000),
  [],
  [1, 'two'],
  {},
  { unexpected: 1 },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
];

/** Values that some argument accepts (each argument's own schema takes at least one of them). */
const validValues: unknown[] = [
  0,
  true,
  null,
  'busker',
  '0.01',
  '/music/album',
  ['/music/album/01.flac'],
  [1, 2],
  { text: 'rain' },
  { offset: 0, limit: 50 },
  { artists: 4, albums: 4, songs: 50 },
  { kind: 'create', passphrase: 'correct horse' },
  minCacheLimitBytes,
];

let fake: typeof FakeElectron;
let stopServing: () => void;
const calls: string[] = [];

/** A backend that records every call it receives (none should arrive in these tests but the control). */
const recordingApi = new Proxy({} as AppApi, {
  get: (_target, method) => async () => {
    calls.push(String(method));
    return null;
  },
});

function handlerFor(method: AppMethod): Handler {
  const handler = fake.recorded.ipcHandlers.get(`app:${method}`);
  assert.ok(handler, `no IPC handler for ${method}`);
  return handler as Handler;
}

interface ArgumentSchema {
  safeParse(value: unknown): { success: boolean };
}

/** The schema of each argument `method` takes, in order. */
function argumentSchemasOf(method: AppMethod): ArgumentSchema[] {
  const def = (
    appApiSchemas[method] as unknown as {
      def?: { type?: string; items?: ArgumentSchema[]; rest?: unknown };
    }
  ).def;
  assert.equal(def?.type, 'tuple', `${method}'s schema is not a tuple of arguments`);
  assert.equal(def?.rest ?? null, null, `${method}'s schema takes any number of arguments`);
  return def?.items ?? [];
}

function arityOf(method: AppMethod): number {
  return argumentSchemasOf(method).length;
}

/** One valid value for each argument of `method`, so that a probe can spoil one argument at a time. */
function validArgumentsOf(method: AppMethod): unknown[] {
  const args = argumentSchemasOf(method).map((schema, position) => {
    const valid = validValues.find((value) => schema.safeParse(value).success);
    assert.ok(valid !== undefined, `no value in validValues fits ${method} argument ${position}: add one`);
    return valid;
  });
  assert.ok(appApiSchemas[method].safeParse(args).success, `${method}(${JSON.stringify(args)}) is refused`);
  return args;
}

before(async () => {
  fake = (await import('electron')) as unknown as typeof FakeElectron;
  assert.equal(typeof fake.emitReady, 'function', 'the electron stand-in was not loaded');
  const { serveAppApi } = (await import('./ipc')) as typeof Ipc;
  stopServing = serveAppApi(recordingApi, () => appContents as never);
});

after(() => stopServing?.());

test('there is exactly one handler per app API method', () => {
  assert.deepEqual([...fake.recorded.ipcHandlers.keys()].sort(), appMethods.map((m) => `app:${m}`).sort());
});

test('every handler refuses every sender that is not the app window’s top frame on busker://app', async () => {
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (...parts: unknown[]) => warnings.push(parts.join(' '));
  try {
    for (const method of appMethods) {
      for (const [who, event] of untrustedSenders) {
        await assert.rejects(
          async () => handlerFor(method)(event, 'secret-argument'),
          /^Error: Refused$/,
          `${method} from ${who}`,
        );
      }
    }
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(calls, [], 'a refused call reached the backend');
  assert.equal(warnings.length, appMethods.length * untrustedSenders.length);
  assert.ok(!warnings.some((line) => line.includes('secret-argument')), 'a refusal logged the arguments');
});

test('with no app window (before it opens, or after it closed) every handler refuses', async () => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    for (const lookup of [() => null, () => ({ ...appContents, isDestroyed: () => true })]) {
      stopServing();
      const { serveAppApi } = (await import('./ipc')) as typeof Ipc;
      stopServing = serveAppApi(recordingApi, lookup as never);
      for (const method of appMethods) {
        await assert.rejects(async () => handlerFor(method)(trusted), /Refused/, method);
      }
    }
  } finally {
    console.warn = warn;
    stopServing();
    const { serveAppApi } = (await import('./ipc')) as typeof Ipc;
    stopServing = serveAppApi(recordingApi, () => appContents as never);
  }
  assert.deepEqual(calls, []);
});

test('every handler answers input that fails its schema with BAD_REQUEST, from the trusted frame too', async () => {
  for (const method of appMethods) {
    const valid = validArgumentsOf(method);
    const badCalls: unknown[][] = [[...valid, 0]];
    // One bad argument at a time, the others valid: a schema that skips any argument fails here.
    for (let position = 0; position < valid.length; position += 1) {
      const spoiled = wrongValues.map((value) => valid.with(position, value));
      const rejected = spoiled.filter((args) => !appApiSchemas[method].safeParse(args).success);
      assert.ok(
        rejected.length >= wrongValues.length / 2,
        `${method} argument ${position} takes almost anything`,
      );
      badCalls.push(...rejected);
    }
    for (const args of badCalls) {
      const reply = (await handlerFor(method)(trusted, ...args)) as {
        error?: { code: string; message: string };
      };
      assert.equal(reply.error?.code, 'BAD_REQUEST', `${method}(${JSON.stringify(args).slice(0, 80)})`);
      assert.match(reply.error.message, new RegExp(`Invalid arguments for ${method}`));
    }
  }
  assert.deepEqual(calls, [], 'input that failed its schema reached the backend');
  assert.equal(({} as { polluted?: unknown }).polluted, undefined, 'Object.prototype was polluted');
});

test('the app window’s top frame is served (the control for the refusals above)', async () => {
  const withoutArguments = appMethods.filter((method) => arityOf(method) === 0);
  assert.ok(withoutArguments.length > 0);
  for (const method of withoutArguments) {
    assert.deepEqual(await handlerFor(method)(trusted), { result: null }, method);
  }
  assert.deepEqual(calls, withoutArguments);
  calls.length = 0;
});

test('stopping removes every handler', async () => {
  stopServing();
  assert.equal(fake.recorded.ipcHandlers.size, 0);
  const { serveAppApi } = (await import('./ipc')) as typeof Ipc;
  stopServing = serveAppApi(recordingApi, () => appContents as never);
});
