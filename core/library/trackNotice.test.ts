import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trackNotice } from './trackNotice';

test('"Title — Artist" and the album, as plain one-line text; markup stays text', () => {
  assert.deepEqual(trackNotice({ title: 'Sinnerman', artist: 'Nina Simone', album: 'Pastel Blues' }), {
    title: 'Sinnerman — Nina Simone',
    body: 'Pastel Blues',
  });
  const hostile = trackNotice({
    title: '<img src=x onerror="alert(1)">\nSecond line',
    artist: '<b>Bold</b>\u0000\u202e',
    album: 'x'.repeat(500),
  });
  assert.equal(hostile.title, '<img src=x onerror="alert(1)"> Second line — <b>Bold</b>');
  assert.equal(hostile.body.length, 200);
  assert.ok(hostile.body.endsWith('…'));
  assert.deepEqual(trackNotice({ title: ' ', artist: '', album: '' }), { title: 'Unknown song', body: '' });
});
