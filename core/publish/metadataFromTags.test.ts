import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { unwrapContentKey, wrapContentKey } from './contentKeyWrap';
import { PublishError } from './publishError';
import {
  METADATA_MAX_BYTES,
  METADATA_TEXT_MAX_CHARS,
  encodeTrackMetadata,
  parseTrackMetadata,
} from '../../protocol/trackMetadata';
import { buildTrackMetadata } from './metadataFromTags';

test('metadata is PROTOCOL §4 JSON with every string cleaned and capped', () => {
  const metadata = buildTrackMetadata({
    title: `<script>alert(1)</script>\u202e${'é'.repeat(100_000)}`,
    artist: '\u0000\n',
    album: 'Album\tName',
    trackNumber: 3,
    durationMs: 215_000,
    mime: 'audio/flac',
    size: 31_457_280,
  });
  const json = JSON.parse(encodeTrackMetadata(metadata, 'bafycover').toString('utf8')) as Record<
    string,
    unknown
  >;
  assert.deepEqual(Object.keys(json), [
    'busker',
    'title',
    'artist',
    'album',
    'trackNumber',
    'durationMs',
    'mime',
    'size',
    'cover',
  ]);
  assert.equal(json.busker, 1);
  assert.ok(
    (json.title as string).startsWith('<script>alert(1)</script> '),
    'HTML stays text, controls become spaces',
  );
  assert.ok(Array.from(json.title as string).length <= METADATA_TEXT_MAX_CHARS);
  assert.equal(json.artist, 'Unknown Artist');
  assert.equal(json.album, 'Album Name');
  assert.equal(json.cover, 'bafycover');
  assert.ok(encodeTrackMetadata(metadata, null).length < METADATA_MAX_BYTES);
  assert.equal(JSON.parse(encodeTrackMetadata(metadata, null).toString()).cover, null);

  // What an artist publishes, every listener reads back as it was written.
  const read = parseTrackMetadata(encodeTrackMetadata(metadata, null));
  assert.ok(read.ok, read.ok ? '' : read.reason);
  assert.equal(read.metadata.title, json.title);
  assert.equal(read.metadata.album, 'Album Name');
  assert.equal(read.metadata.size, 31_457_280);
});

test('a wrapped content key opens only with its wrapping key and for its own job', () => {
  const wrappingKey = randomBytes(32);
  const contentKey = randomBytes(32);
  const wrapped = wrapContentKey(wrappingKey, 'job-a', contentKey);
  assert.ok(!wrapped.includes(contentKey), 'never stored in clear');
  assert.deepEqual(unwrapContentKey(wrappingKey, 'job-a', wrapped), contentKey);
  const wrong = (error: unknown) => error instanceof PublishError && error.code === 'JOB_KEY_WRONG';
  assert.throws(() => unwrapContentKey(randomBytes(32), 'job-a', wrapped), wrong);
  assert.throws(() => unwrapContentKey(wrappingKey, 'job-b', wrapped), wrong);
  assert.throws(() => wrapContentKey(randomBytes(16), 'job-a', contentKey), RangeError);
});
