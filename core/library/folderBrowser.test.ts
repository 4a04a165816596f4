import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../errors';
import { browseFolders, expandHome } from './folderBrowser';

let home: string;

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'busker-browse-'));
  for (const name of ['Music', 'Downloads', '.cache', 'Zebra songs']) await mkdir(join(home, name));
  await mkdir(join(home, 'Music', 'Albums'));
  await writeFile(join(home, 'notes.txt'), 'not a folder');
  await symlink(join(home, 'Music'), join(home, 'Linked music'));
  await symlink(join(home, 'nowhere'), join(home, 'Broken link'));
});

after(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('expanding ~', () => {
  it('reads ~ and ~/x as the home folder and a path inside it', () => {
    assert.equal(expandHome('~', '/home/ada'), '/home/ada');
    assert.equal(expandHome('~/Music', '/home/ada'), '/home/ada/Music');
    assert.equal(expandHome('~/', '/home/ada'), '/home/ada');
  });

  it('leaves other paths alone, ~user and a ~ inside a name included', () => {
    assert.equal(expandHome('/srv/music', '/home/ada'), '/srv/music');
    assert.equal(expandHome('~bob/Music', '/home/ada'), '~bob/Music');
    assert.equal(expandHome('Music/~/x', '/home/ada'), 'Music/~/x');
  });
});

describe('browsing folders', () => {
  it('starts at home and lists visible subfolders by name, links to folders too', async () => {
    const listing = await browseFolders(null, { home });
    assert.equal(listing.path, home);
    assert.deepEqual(listing.folders, ['Downloads', 'Linked music', 'Music', 'Zebra songs']);
    assert.equal(listing.truncated, false);
    assert.equal(listing.parent !== null, true);
  });

  it('understands ~/Music rather than making it a folder named ~', async () => {
    const listing = await browseFolders(' ~/Music ', { home });
    assert.equal(listing.path, join(home, 'Music'));
    assert.deepEqual(listing.folders, ['Albums']);
  });

  it('caps the count and says it did', async () => {
    const listing = await browseFolders('~', { home, limit: 2 });
    assert.deepEqual(listing.folders, ['Downloads', 'Linked music']);
    assert.equal(listing.truncated, true);
  });

  it('has no parent at the root', async () => {
    assert.equal((await browseFolders('/', { home })).parent, null);
  });

  it('says in words when the folder is missing or is a file', async () => {
    await assert.rejects(browseFolders('~/Nope', { home }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'FOLDER_NOT_FOUND');
      assert.equal(
        error.message,
        `The folder "${join(home, 'Nope')}" does not exist. Check the path and try again.`,
      );
      return true;
    });
    await assert.rejects(browseFolders('~/notes.txt', { home }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'NOT_A_FOLDER');
      return true;
    });
  });
});
