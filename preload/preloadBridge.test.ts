import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPreloadBridge, type BridgeTransport } from './preloadBridge';

function fakeTransport(reply: (channel: string, args: unknown[]) => unknown) {
  const sent: Array<[string, unknown[]]> = [];
  const subscribers = new Map<string, (message: unknown) => void>();
  const transport: BridgeTransport = {
    invoke: async (channel, args) => {
      sent.push([channel, args]);
      return reply(channel, args);
    },
    subscribe: (channel, deliver) => {
      subscribers.set(channel, deliver);
    },
    pathForFile: () => '',
  };
  const emit = (message: unknown) => subscribers.get('app-event')?.(message);
  return { transport, sent, emit };
}

test('every contract method is a verb that invokes app:<method> and unwraps the result', async () => {
  const { transport, sent } = fakeTransport(() => ({ result: { tracks: 3, albums: 1, artists: 1 } }));
  const bridge = createPreloadBridge(transport);
  assert.deepEqual(await bridge.api.libraryStats(), { tracks: 3, albums: 1, artists: 1 });
  await bridge.api.listTracks({ offset: 0, limit: 5 });
  assert.deepEqual(sent, [
    ['app:libraryStats', []],
    ['app:listTracks', [{ offset: 0, limit: 5 }]],
  ]);
  assert.equal(typeof bridge.api.importFolder, 'function');
});

test('an error reply rejects with the user message and the code', async () => {
  const { transport } = fakeTransport(() => ({
    error: { code: 'BAD_REQUEST', message: 'Invalid arguments for listTracks: limit too big' },
  }));
  const bridge = createPreloadBridge(transport);
  await assert.rejects(bridge.api.listTracks({ offset: 0, limit: 5000 }), {
    name: 'AppError',
    code: 'BAD_REQUEST',
    message: 'Invalid arguments for listTracks: limit too big',
  });
});

test('an unreadable reply rejects with INTERNAL rather than resolving undefined', async () => {
  for (const reply of [undefined, null, 'ok', {}, { error: 'boom' }]) {
    const { transport } = fakeTransport(() => reply);
    await assert.rejects(createPreloadBridge(transport).api.libraryStats(), { code: 'INTERNAL' });
  }
});

test('on() delivers only the named event, and unsubscribing stops it', () => {
  const { transport, emit } = fakeTransport(() => ({ result: null }));
  const bridge = createPreloadBridge(transport);
  const seen: unknown[] = [];
  const stop = bridge.on('onDidChangeLibrary', (payload) => seen.push(payload));
  emit({
    name: 'onDidImportProgress',
    payload: { phase: 'scanning', found: 1, processed: 0, current: null },
  });
  emit({ name: 'onDidChangeLibrary', payload: { tracks: 1, albums: 1, artists: 1 } });
  emit('garbage');
  emit({ payload: 1 });
  stop();
  emit({ name: 'onDidChangeLibrary', payload: { tracks: 2, albums: 1, artists: 1 } });
  assert.deepEqual(seen, [{ tracks: 1, albums: 1, artists: 1 }]);
});

test('a throwing listener does not stop the others', () => {
  const { transport, emit } = fakeTransport(() => ({ result: null }));
  const bridge = createPreloadBridge(transport);
  const seen: string[] = [];
  bridge.on('onDidChangeLibrary', () => {
    throw new Error('listener bug');
  });
  bridge.on('onDidChangeLibrary', () => seen.push('second'));
  const originalError = console.error;
  console.error = () => {};
  try {
    emit({ name: 'onDidChangeLibrary', payload: { tracks: 0, albums: 0, artists: 0 } });
  } finally {
    console.error = originalError;
  }
  assert.deepEqual(seen, ['second']);
});

test('pathForFile turns an empty path into null', () => {
  const { transport } = fakeTransport(() => ({ result: null }));
  const bridge = createPreloadBridge(transport);
  assert.equal(bridge.pathForFile(new File([], 'x.mp3')), null);
  const withPath = createPreloadBridge({ ...transport, pathForFile: () => '/music/x.mp3' });
  assert.equal(withPath.pathForFile(new File([], 'x.mp3')), '/music/x.mp3');
});

test('the bridge exposes exactly api, on and pathForFile', () => {
  const { transport } = fakeTransport(() => ({ result: null }));
  assert.deepEqual(Object.keys(createPreloadBridge(transport)).sort(), ['api', 'on', 'pathForFile']);
});
