import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cleanTagNumber, cleanTagText, MAX_TAG_LENGTH, sortKey } from './tagText';

test('tag text keeps HTML verbatim and non-Latin text intact', () => {
  assert.equal(cleanTagText('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
  assert.equal(cleanTagText('  夜明けの歌 '), '夜明けの歌');
  assert.equal(cleanTagText('Песня'), 'Песня');
});

test('control characters, newlines and bidi overrides become plain spaces', () => {
  assert.equal(cleanTagText('Line one\nLine\u0000two\u0007'), 'Line one Line two');
  assert.equal(cleanTagText('evil\u202egnp.exe'), 'evil gnp.exe');
});

test('blank and non-text values are absent, numbers become text', () => {
  assert.equal(cleanTagText('   '), null);
  assert.equal(cleanTagText(undefined), null);
  assert.equal(cleanTagText({ toString: () => 'x' }), null);
  assert.equal(cleanTagText(1999), '1999');
});

test('long values are cut at the cap without splitting a character', () => {
  const text = cleanTagText('🎵'.repeat(MAX_TAG_LENGTH + 50));
  assert.equal(Array.from(text ?? '').length, MAX_TAG_LENGTH);
  assert.ok(text?.endsWith('🎵'));
});

test('lone surrogates from broken tags are replaced', () => {
  assert.equal(cleanTagText('a\ud800b'), 'a\ufffdb');
});

test('any input gives bounded, control-free, well-formed text or null', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 2000 }), fc.anything()), (value) => {
      const text = cleanTagText(value);
      if (text === null) return;
      assert.ok(Array.from(text).length <= MAX_TAG_LENGTH);
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(text));
      assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text));
      assert.equal(text, text.trim());
    }),
  );
});

test('tag numbers must be whole and in range', () => {
  assert.equal(cleanTagNumber(3, 99), 3);
  assert.equal(cleanTagNumber(0, 99), null);
  assert.equal(cleanTagNumber(100, 99), null);
  assert.equal(cleanTagNumber(2.5, 99), null);
  assert.equal(cleanTagNumber('3', 99), null);
});

test('sort keys fold case, accents and a leading "The"', () => {
  assert.equal(sortKey('Beyoncé'), 'beyonce');
  assert.equal(sortKey('The Beatles'), 'beatles');
});
