import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startOnce } from './startOnce';

test('starts on the first start() only; ready waits for it without starting', async () => {
  let opened = 0;
  const once = startOnce(async () => ({ id: ++opened }));
  let readyValue: { id: number } | undefined;
  void once.ready.then((value) => (readyValue = value));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(opened, 0);
  assert.equal(readyValue, undefined);
  assert.equal(await once.started(), null);

  const [first, second] = await Promise.all([once.start(), once.start()]);
  assert.equal(first, second);
  assert.equal(opened, 1);
  assert.equal(await once.ready, first);
  assert.equal(await once.started(), first);
});

test('a failed start rejects ready and start(), and leaves nothing to close', async () => {
  const once = startOnce(() => Promise.reject(new Error('no node')));
  await assert.rejects(once.start(), /no node/);
  await assert.rejects(once.ready, /no node/);
  assert.equal(await once.started(), null);
});
