import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isReachable, readWindowState, writeWindowState } from './windowState';

test('window state survives a write and a read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-window-'));
  try {
    const file = join(dir, 'window-state.json');
    assert.equal(await readWindowState(file), null);
    const state = { x: 10, y: 20, width: 1200, height: 800, maximized: true };
    writeWindowState(file, state);
    assert.deepEqual(await readWindowState(file), state);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a damaged or foreign state file is ignored', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-window-'));
  try {
    const file = join(dir, 'window-state.json');
    for (const text of ['{', '[]', '{"x":0,"y":0,"width":50,"height":50,"maximized":false}', '{"x":"0"}']) {
      await writeFile(file, text);
      assert.equal(await readWindowState(file), null, text);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a window is reachable only when its top edge is on a display', () => {
  const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
  const external = { x: 1920, y: 0, width: 2560, height: 1440 };
  assert.equal(isReachable({ x: 100, y: 100, width: 1000, height: 700 }, [laptop]), true);
  assert.equal(isReachable({ x: 2500, y: 100, width: 1000, height: 700 }, [laptop, external]), true);
  assert.equal(isReachable({ x: 2500, y: 100, width: 1000, height: 700 }, [laptop]), false);
  assert.equal(isReachable({ x: 100, y: -600, width: 1000, height: 700 }, [laptop]), false);
  assert.equal(isReachable({ x: 1880, y: 100, width: 1000, height: 700 }, [laptop]), false);
});
