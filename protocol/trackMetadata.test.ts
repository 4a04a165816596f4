import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  METADATA_MAX_BYTES,
  METADATA_TEXT_MAX_CHARS,
  cleanMetadataText,
  encodeTrackMetadata,
  parseTrackMetadata,
  parseTrackMetadataJson,
} from './trackMetadata';

const cover = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
const good = {
  busker: 1,
  title: 'Sinnerman',
  artist: 'Nina Simone',
  album: 'Pastel Blues',
  trackNumber: 3,
  durationMs: 615_000,
  mime: 'audio/flac',
  size: 31_457_280,
  cover,
};

function bytes(value: unknown): Buffer {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

function reasonFor(value: unknown): string {
  const result = parseTrackMetadata(Buffer.isBuffer(value) ? value : bytes(value));
  assert.equal(result.ok, false, `expected a refusal for ${String(value).slice(0, 80)}`);
  return result.ok ? '' : result.reason;
}

test('well-formed metadata is accepted as it is; optional fields default to empty or null', () => {
  const { busker: _version, ...fields } = good;
  assert.deepEqual(parseTrackMetadata(bytes(good)), { ok: true, metadata: fields });
  const minimal = parseTrackMetadata(bytes({ busker: 1, title: 'T', mime: 'Audio/MPEG', size: 1 }));
  assert.deepEqual(minimal, {
    ok: true,
    metadata: {
      title: 'T',
      artist: '',
      album: '',
      trackNumber: null,
      durationMs: null,
      mime: 'audio/mpeg',
      size: 1,
      cover: null,
    },
  });
});

test('HTML and script payloads are kept as literal text, to be rendered as text', () => {
  const payload = '<img src=x onerror="alert(1)"><script>fetch("//evil")</script>';
  const result = parseTrackMetadata(bytes({ ...good, title: payload, artist: '"><svg onload=alert(2)>' }));
  assert.ok(result.ok);
  assert.equal(result.metadata.title, payload);
  assert.equal(result.metadata.artist, '"><svg onload=alert(2)>');
});

test('a 1 MB title is refused by size before parsing; a 10k-character title is capped', () => {
  const huge = bytes({ ...good, title: 'A'.repeat(1_000_000) });
  assert.match(reasonFor(huge), /larger than 64 KiB/);
  // Even bytes that are not JSON at all are refused for size first.
  assert.match(reasonFor(Buffer.alloc(METADATA_MAX_BYTES + 1, 0xff)), /larger than 64 KiB/);

  const long = parseTrackMetadata(bytes({ ...good, title: 'é'.repeat(10_000) }));
  assert.ok(long.ok);
  assert.equal(Array.from(long.metadata.title).length, METADATA_TEXT_MAX_CHARS);
  assert.ok(long.metadata.title.endsWith('…'));
  // Code points, not UTF-16 units: an emoji is never cut in half.
  const emoji = parseTrackMetadata(bytes({ ...good, album: '🎸'.repeat(500) }));
  assert.ok(emoji.ok);
  assert.ok(!/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u.test(emoji.metadata.album.replace(/🎸/gu, '')));
});

test('control and bidi characters are removed from text; blank titles are refused', () => {
  const result = parseTrackMetadata(
    bytes({ ...good, title: '  \u001b[31mRed\u001b[0m\u202Eevil\u0000 ', artist: 'a\n\n\tb' }),
  );
  assert.ok(result.ok);
  assert.equal(result.metadata.title, '[31mRed [0m evil');
  assert.equal(result.metadata.artist, 'a b');
  assert.match(reasonFor({ ...good, title: '\u0000\u200B\n ' }), /"title" is empty/);
  assert.equal(cleanMetadataText('x'.repeat(5), 3), 'xx…');
});

test('wrong types and out-of-range numbers are refused with the field named', () => {
  assert.match(reasonFor({ ...good, title: 42 }), /"title" must be text/);
  assert.match(reasonFor({ ...good, title: ['a'] }), /"title" must be text/);
  assert.match(reasonFor({ ...good, size: '100' }), /"size" must be a number/);
  assert.match(reasonFor({ ...good, size: 0 }), /"size" must be more than 0/);
  assert.match(reasonFor({ ...good, size: 1.5 }), /"size" must be a whole number/);
  assert.match(reasonFor({ ...good, size: 2 ** 60 }), /"size" must be a whole number/);
  assert.match(reasonFor({ ...good, trackNumber: -1 }), /"trackNumber" must be at least 1/);
  assert.match(reasonFor({ ...good, durationMs: 1e12 }), /"durationMs" must be at most/);
  assert.match(reasonFor({ ...good, mime: 'text/html' }), /"mime" must be an audio type/);
  assert.match(reasonFor({ ...good, mime: 'audio/flac; x=<b>' }), /"mime" must be an audio type/);
  assert.match(reasonFor({ ...good, cover: 'not a cid' }), /"cover" is not a CID/);
  assert.match(reasonFor({ ...good, cover: 7 }), /"cover" must be a CID or null/);
  assert.match(reasonFor({ ...good, busker: 2 }), /version 1/);
  const { size: _size, ...noSize } = good;
  assert.match(reasonFor(noSize), /"size" is missing/);
  assert.match(reasonFor([good]), /not a JSON object/);
  assert.match(reasonFor('null'), /not a JSON object/);
  assert.match(reasonFor('"just a string"'), /not a JSON object/);
});

test('invalid JSON, non-UTF-8 bytes and deep nesting are refused, never thrown', () => {
  assert.match(reasonFor('{"busker": 1, "title": '), /not valid JSON/);
  assert.match(reasonFor(''), /not valid JSON/);
  assert.match(reasonFor(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])), /not UTF-8/);
  assert.match(reasonFor(Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])), /not UTF-8/);
  assert.match(reasonFor('['.repeat(30_000) + ']'.repeat(30_000)), /not a JSON object/);
  assert.match(reasonFor({ ...good, title: { nested: { deeper: [1, 2, 3] } } }), /"title" must be text/);
});

test('prototype-pollution keys and extra fields are refused and pollute nothing', () => {
  const hostile = `{"busker":1,"title":"T","mime":"audio/flac","size":1,"__proto__":{"polluted":true}}`;
  assert.match(reasonFor(hostile), /fields version 1 does not define: "__proto__"/);
  const constructorKey = `{"busker":1,"title":"T","mime":"audio/flac","size":1,"constructor":{"prototype":{"polluted":true}}}`;
  assert.match(reasonFor(constructorKey), /"constructor"/);
  assert.match(reasonFor({ ...good, genre: 'jazz', x: 1, y: 2, z: 3 }), /"genre", "x", "y", …/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);

  // Already-parsed input with a poisoned prototype: only own, known fields come through.
  const sneaky = Object.create({ title: 'inherited' }) as Record<string, unknown>;
  Object.assign(sneaky, { busker: 1, mime: 'audio/flac', size: 1 });
  assert.equal(parseTrackMetadataJson(sneaky).ok, false);
});

test('what encodeTrackMetadata writes, parseTrackMetadata reads back unchanged, key order and all', () => {
  const document = { ...good, busker: 1 as const, cover: null };
  const written = encodeTrackMetadata(document, cover);
  assert.equal(written.toString('utf8'), JSON.stringify(good), 'the key order of PROTOCOL §4, cover last');
  const { busker: _version, ...fields } = good;
  assert.deepEqual(parseTrackMetadata(written), { ok: true, metadata: fields });
  assert.deepEqual(encodeTrackMetadata(document, cover), written, 'the same input gives the same bytes');
});

test('encoding refuses metadata over the 64 KiB limit instead of publishing what no reader accepts', () => {
  const huge = { ...good, busker: 1 as const, title: 'x'.repeat(METADATA_MAX_BYTES) };
  assert.throws(() => encodeTrackMetadata(huge, null), RangeError);
  assert.match(reasonFor(JSON.stringify(huge)), /larger than 64 KiB/);
});
