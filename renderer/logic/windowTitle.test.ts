import assert from 'node:assert/strict';
import { it } from 'node:test';
import { windowTitle } from './windowTitle';

it('names the track and artist while playing, and only Busker otherwise', () => {
  const track = { title: 'Sinnerman', artist: 'Nina Simone' };
  assert.equal(windowTitle(track, true), 'Sinnerman — Nina Simone · Busker');
  assert.equal(windowTitle(track, false), 'Busker');
  assert.equal(windowTitle(null, true), 'Busker');
  // Tags are text: markup stays as typed (document.title never parses it).
  assert.equal(windowTitle({ title: '<b>x</b>', artist: 'y' }, true), '<b>x</b> — y · Busker');
});
