import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { openLibraryDatabase } from './database';
import { FolderWatcher } from './folderWatcher';
import { LibraryImporter } from './libraryImporter';
import { writeTone } from '../../testkit/audioFixtures';
import { TrackQueries } from './trackQueries';
import { TrackRepo } from './trackRepo';

let workDir: string;
let tone: string;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-scan-'));
  tone = join(workDir, 'tone.flac');
  await writeTone(tone, 'Tone');
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function importInto(name: string, folder: string) {
  const db = openLibraryDatabase(join(workDir, `${name}.sqlite`));
  try {
    const importer = new LibraryImporter(new TrackRepo(db), {
      concurrency: 4,
      batchSize: 10,
      progressIntervalMs: 0,
    });
    const summary = await importer.importFolder(folder);
    const tracks = new TrackQueries(db).listTracks({ offset: 0, limit: 100 }).tracks;
    return { summary, titles: tracks.map((track) => track.title).sort() };
  } finally {
    db.close();
  }
}

describe('links stay inside the imported folder', () => {
  test('a link to .. is not followed: music above the folder stays out, the link is reported once', async () => {
    const top = join(workDir, 'above');
    const music = join(top, 'music');
    await mkdir(join(music, 'album'), { recursive: true });
    await copyFile(tone, join(top, 'outside song.flac'));
    await copyFile(tone, join(music, 'album', 'inside song.flac'));
    await symlink('..', join(music, 'up'));
    // From inside the folder, .. is still inside: followed, and the folder walked once.
    await symlink('..', join(music, 'album', 'back'));
    await symlink(join(top, 'outside song.flac'), join(music, 'linked song.flac'));

    const { summary, titles } = await importInto('up', music);

    assert.equal(summary.added, 1);
    assert.deepEqual(titles, ['Tone']);
    assert.deepEqual(
      summary.issues.map((issue) => [issue.path, issue.code]),
      [
        ['linked song.flac', 'LINK_OUTSIDE'],
        ['up', 'LINK_OUTSIDE'],
      ],
    );
    assert.match(summary.issues[1]?.reason ?? '', /leads out of the imported folder .*did not follow it/);
  });

  test('links whose real path is inside the folder are followed, and each real folder is walked once', async () => {
    const music = join(workDir, 'inside');
    await mkdir(join(music, 'real'), { recursive: true });
    await copyFile(tone, join(music, 'real', 'song.flac'));
    await symlink(join(music, 'real'), join(music, 'shortcut'));
    await symlink(join(music, 'real', 'song.flac'), join(music, 'favourite.flac'));
    // The root reached through a link is still the root: a loop, walked once.
    await symlink(music, join(music, 'real', 'loop'));

    const { summary } = await importInto('inside', music);

    // The file itself and the link to it are two paths to the same bytes: both are tracks.
    assert.deepEqual(summary.issues, []);
    assert.equal(summary.added, 2);
  });

  test('a folder imported through a link to it is walked, not refused', async () => {
    const music = join(workDir, 'target');
    await mkdir(music);
    await copyFile(tone, join(music, 'song.flac'));
    const viaLink = join(workDir, 'via-link');
    await symlink(music, viaLink);

    const { summary } = await importInto('via-link', viaLink);

    assert.equal(summary.added, 1);
    assert.deepEqual(summary.issues, []);
  });
});

describe('file names that are not UTF-8', () => {
  test('are refused as a name Busker cannot read, never as a dangling link, and the rest imports', async () => {
    const music = join(workDir, 'names');
    await mkdir(music);
    await copyFile(tone, join(music, 'good.flac'));
    const latin1 = Buffer.concat([
      Buffer.from(join(music, 'caf')),
      Buffer.from([0xe9]),
      Buffer.from('.flac'),
    ]);
    await copyFile(tone, latin1);
    const folderName = Buffer.concat([Buffer.from(join(music, 'd')), Buffer.from([0xff, 0xfe])]);
    await mkdir(folderName);
    await writeFile(Buffer.concat([folderName, Buffer.from('/inner.flac')]), 'not reached');

    const { summary, titles } = await importInto('names', music);

    assert.equal(summary.added, 1);
    assert.deepEqual(titles, ['Tone']);
    assert.deepEqual(
      summary.issues.map((issue) => [issue.path, issue.code]),
      [
        ['caf\ufffd.flac', 'UNREADABLE_NAME'],
        ['d\ufffd\ufffd', 'UNREADABLE_NAME'],
      ],
    );
    for (const issue of summary.issues) {
      assert.doesNotMatch(issue.reason, /no longer exists/);
      assert.match(issue.reason, /cannot read this (file|folder) name/);
    }
  });
});

describe('the folder watcher stays inside the folder too', () => {
  test('a change behind a link out of the folder starts no import; a change inside does', async () => {
    const top = join(workDir, 'watched-above');
    const music = join(top, 'music');
    const elsewhere = join(top, 'elsewhere');
    await mkdir(music, { recursive: true });
    await mkdir(elsewhere);
    await symlink(elsewhere, join(music, 'elsewhere'));
    const imports: string[] = [];
    const watcher = new FolderWatcher({
      importFolder: async (folder) => imports.push(folder),
      onProblem: (problem) => assert.fail(problem.message),
      quietMs: 100,
    });
    try {
      watcher.watchFolders([music]);
      await setTimeout(300);
      await copyFile(tone, join(elsewhere, 'outside.flac'));
      await setTimeout(1_500);
      assert.deepEqual(imports, []);

      await copyFile(tone, join(music, 'inside.flac'));
      const deadline = Date.now() + 10_000;
      while (imports.length === 0 && Date.now() < deadline) await setTimeout(50);
      assert.deepEqual(imports, [music]);
    } finally {
      watcher.close();
    }
  });
});
