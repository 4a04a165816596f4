import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sniffBytes } from './audioSniffer';

const ascii = (text: string) => Buffer.from(text, 'latin1');

test('audio containers are recognised by their first bytes', () => {
  const cases: [Buffer, string][] = [
    [ascii('ID3\u0004\u0000'), 'mp3'],
    [Buffer.from([0xff, 0xfb, 0x90, 0x64]), 'mp3'],
    [Buffer.from([0xff, 0xf1, 0x50, 0x80]), 'aac'],
    [ascii('fLaC\u0000\u0000\u0000\u0022'), 'flac'],
    [ascii('OggS\u0000\u0002'), 'ogg'],
    [ascii('RIFF\u0024\u0000\u0000\u0000WAVEfmt '), 'wav'],
    [ascii('FORM\u0000\u0000\u0000\u0000AIFF'), 'aiff'],
    [ascii('\u0000\u0000\u0000\u0020ftypM4A '), 'mp4'],
    [Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x01]), 'webm'],
  ];
  for (const [bytes, kind] of cases) {
    const result = sniffBytes(bytes);
    assert.ok(result.audio, `expected ${kind}`);
    assert.equal(result.kind, kind);
  }
});

test('non-audio is named for what it looks like', () => {
  const cases: [Buffer, string][] = [
    [ascii('Liner notes, not a song.\n'), 'plain text'],
    [Buffer.from('Заметки, не песня', 'utf8'), 'plain text'],
    [ascii('<!DOCTYPE html><html>'), 'a web page'],
    [ascii('%PDF-1.7\n'), 'a PDF document'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'a PNG image'],
    [ascii('PK\u0003\u0004'), 'a ZIP archive'],
    [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02]), 'a program'],
    [Buffer.alloc(0), 'an empty file'],
    [Buffer.from([0x00, 0x01, 0x02, 0x03, 0x9c, 0xfe, 0xfd]), 'data in a format Busker does not know'],
    // A frame sync with the reserved bitrate index is not MPEG audio.
    [Buffer.from([0xff, 0xfb, 0xf0, 0x00, 0x00, 0x81, 0x82]), 'data in a format Busker does not know'],
  ];
  for (const [bytes, looksLike] of cases) {
    const result = sniffBytes(bytes);
    assert.ok(!result.audio, `expected ${looksLike} not to be audio`);
    assert.equal(result.looksLike, looksLike);
  }
});
