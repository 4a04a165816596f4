import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { rewrapJobKeys, unwrapContentKey, wrapContentKey } from './contentKeyWrap';
import { openPublishDatabase } from './publishDatabase';
import { PublishJobStore } from './publishJobStore';

const CHAIN_ID = 31337;
const ARTIST = '0x00000000000000000000000000000000000a7157';

test("jobs wrapped the app's old way are rewrapped under the wallet's key, the same content keys, once", () => {
  const store = new PublishJobStore(openPublishDatabase(':memory:'));
  const legacy = randomBytes(32);
  const wallet = randomBytes(32);
  const elsewhere = randomBytes(32);
  const contentKeys = new Map<string, Buffer>();
  const insert = (id: string, wrappingKey: Buffer, artist = ARTIST) => {
    const contentKey = randomBytes(32);
    contentKeys.set(id, contentKey);
    store.insert({
      id,
      chainId: CHAIN_ID,
      artist,
      sourcePath: `/music/${id}.flac`,
      sourceSize: 10,
      price: 1n,
      wrappedKey: wrapContentKey(wrappingKey, id, contentKey),
      noncePrefix: randomBytes(8),
      metadataJson: '{}',
      cover: null,
    });
  };
  insert('old-1', legacy);
  insert('old-2', legacy);
  insert('new', wallet);
  insert('other-machine', elsewhere);
  const otherArtist = '0x00000000000000000000000000000000000B0b00';
  insert('other-artist', legacy, otherArtist);
  const before = store.require('new').wrappedKey;

  assert.equal(rewrapJobKeys(store, CHAIN_ID, ARTIST.toUpperCase().replace('0X', '0x'), legacy, wallet), 2);
  for (const id of ['old-1', 'old-2', 'new']) {
    assert.deepEqual(unwrapContentKey(wallet, id, store.require(id).wrappedKey), contentKeys.get(id));
  }
  assert.deepEqual(
    store.require('new').wrappedKey,
    before,
    'a job already under the wallet key is left as it is',
  );
  assert.throws(() => unwrapContentKey(wallet, 'other-machine', store.require('other-machine').wrappedKey), {
    code: 'JOB_KEY_WRONG',
  });
  assert.deepEqual(
    unwrapContentKey(legacy, 'other-artist', store.require('other-artist').wrappedKey),
    contentKeys.get('other-artist'),
    "another artist's jobs are not touched",
  );
  assert.equal(rewrapJobKeys(store, CHAIN_ID, ARTIST, legacy, wallet), 0);
});
