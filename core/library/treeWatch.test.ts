import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { TreeWatch } from './treeWatch';

let workDir: string;

before(async () => {
  workDir = await realpath(await mkdtemp(join(tmpdir(), 'busker-tree-watch-')));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Collects the changes a TreeWatch reports, as `path` or `path/*` (one of its entries). */
function recorder() {
  const changes = new Set<string>();
  return {
    changes,
    events: {
      onChange: (path: string, amongEntries?: boolean) => changes.add(amongEntries ? `${path}/*` : path),
      onError: (error: unknown) => assert.fail(String(error)),
    },
  };
}

async function until(holds: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`not within 10 s: ${what}`);
    await setTimeout(20);
  }
}

test('starting late, what changed before a folder was watched is reported, the rest is not', async () => {
  const root = join(workDir, 'late');
  await mkdir(join(root, 'artist', 'album'), { recursive: true });
  await mkdir(join(root, 'other'));
  for (const name of ['one.flac', 'two.flac', 'cover.jpg']) {
    await writeFile(join(root, 'artist', 'album', name), 'old');
  }
  await writeFile(join(root, 'other', 'three.flac'), 'old');
  await writeFile(join(root, 'other', 'four.flac'), 'old');
  // Well before `since`, even by the kernel's coarse file clock.
  await setTimeout(100);

  const since = Date.now() - 20;
  // Between the start (`since`) and the watch: what a host's start-up must not lose.
  await writeFile(join(root, 'artist', 'album', 'new.flac'), 'new');
  await unlink(join(root, 'artist', 'album', 'cover.jpg'));
  await writeFile(join(root, 'other', 'three.flac'), 'rewritten in place');
  const { changes, events } = recorder();
  const watch = new TreeWatch(root, events, { changedSince: since });
  try {
    assert.deepEqual([...changes], [], 'nothing is reported before the constructor returns');
    await watch.walked;
    assert.deepEqual(
      [...changes].sort(),
      ['artist/album/*', 'artist/album/new.flac', 'other/three.flac'],
      'the folder that gained and lost an entry and the two files written, not the untouched ones',
    );

    // Every folder is watched now.
    changes.clear();
    await writeFile(join(root, 'other', 'four.flac'), 'changed later');
    await until(() => changes.has('other/four.flac'), 'the later change reported by the watch');
  } finally {
    watch.close();
  }
});

test('without a start time, every folder is watched before the constructor returns', async () => {
  const root = join(workDir, 'at-once');
  await mkdir(join(root, 'a', 'b'), { recursive: true });
  await writeFile(join(root, 'a', 'b', 'old.flac'), 'old');
  const { changes, events } = recorder();
  const watch = new TreeWatch(root, events);
  try {
    await writeFile(join(root, 'a', 'b', 'new.flac'), 'new');
    await until(() => changes.has('a/b/new.flac'), 'the change in the deepest folder');
    assert.ok(!changes.has('a/b/old.flac'));
  } finally {
    watch.close();
  }
});

test('closing during the background walk stops it: no watch is left', async () => {
  const root = join(workDir, 'closed-early');
  for (let index = 0; index < 50; index += 1) await mkdir(join(root, `album ${index}`), { recursive: true });
  const { events } = recorder();
  const watch = new TreeWatch(root, events, { changedSince: Date.now() });
  watch.close();
  await watch.walked;
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(process.getActiveResourcesInfo().filter((name) => name === 'FSEventWrap').length, 0);
});
