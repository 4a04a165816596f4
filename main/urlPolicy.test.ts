import assert from 'node:assert/strict';
import { test } from 'node:test';
import { externalLinkUrl, isAppUrl } from './urlPolicy';

test('isAppUrl accepts the app origin only', () => {
  assert.equal(isAppUrl('busker://app/index.html'), true);
  assert.equal(isAppUrl('busker://app/'), true);
  for (const url of [
    'busker://track/1',
    'busker://app.evil/',
    'busker://app@evil/',
    'busker://user:pw@app/',
    'busker://app:1/',
    'https://app/',
    'file:///index.html',
    'about:blank',
    'javascript:alert(1)',
    '',
  ]) {
    assert.equal(isAppUrl(url), false, url);
  }
});

test('externalLinkUrl lets plain http(s) links through, normalised', () => {
  assert.equal(externalLinkUrl('https://example.org/artist?id=1'), 'https://example.org/artist?id=1');
  assert.equal(externalLinkUrl('HTTP://Example.org'), 'http://example.org/');
});

test('externalLinkUrl refuses everything that could run or read something locally', () => {
  for (const url of [
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'busker://app/index.html',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'https://user:pw@example.org/',
    'http://',
    'not a url',
  ]) {
    assert.equal(externalLinkUrl(url), null, url);
  }
});
