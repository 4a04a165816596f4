import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AudioFixtures } from '../testkit/audioFixtures';
import { makeAudioFixtures } from '../testkit/audioFixtures';
import { runBusker } from './testSupport/runBusker';

const entry = join(import.meta.dirname, 'busker.ts');
let root: string;
let dataDir: string;
let fixtures: AudioFixtures;

// XDG_DATA_HOME keeps a test that forgets --data away from the real library.
const buskerEnv = () => ({ ...process.env, XDG_DATA_HOME: join(root, 'xdg') });

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: buskerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const busker = (...args: string[]) => runBusker(args, { env: buskerEnv() });

/** `busker serve` on `data`, once it has printed its URL; `exited` settles with its exit code. */
async function startServe(data: string) {
  const child = start(['serve', '--data', data]);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (text: string) => {
      stdout += text;
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(stdout);
      if (match) resolve(match[0]);
    });
    child.on('close', () => reject(new Error(`serve exited before printing a URL: ${stdout}`)));
  });
  return { child, exited, url };
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-cli-'));
  dataDir = join(root, 'data');
  fixtures = await makeAudioFixtures(join(root, 'music'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('usage', () => {
  test('--help lists the commands, --version prints the package version', async () => {
    const help = await busker('--help');
    assert.equal(help.code, 0);
    for (const name of ['import <folder>', 'search <words>', 'serve'])
      assert.match(help.stdout, new RegExp(name));

    const packageJson = JSON.parse(
      await readFile(join(import.meta.dirname, '..', 'package.json'), 'utf8'),
    ) as {
      version: string;
    };
    const version = await busker('--version');
    assert.equal(version.code, 0);
    assert.equal(version.stdout, `busker ${packageJson.version}\n`);

    const commandHelp = await busker('search', '--help');
    assert.equal(commandHelp.code, 0);
    assert.match(commandHelp.stdout, /Usage: busker search <words>/);
  });

  test('an unknown command, a bad flag or a missing argument fails with a message', async () => {
    const unknown = await busker('frobnicate');
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /unknown command "frobnicate".*busker --help/);

    const badFlag = await busker('search', '--frobnicate', 'x', '--data', dataDir);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /--frobnicate/);

    const badLimit = await busker('search', 'x', '--limit', 'lots', '--data', dataDir);
    assert.equal(badLimit.code, 2);
    assert.match(badLimit.stderr, /--limit must be a number/);

    const noFolder = await busker('import');
    assert.equal(noFolder.code, 2);
    assert.match(noFolder.stderr, /Which folder\?/);

    const noWords = await busker('search', '--data', dataDir);
    assert.equal(noWords.code, 2);
    assert.match(noWords.stderr, /What should I search for\?/);
  });
});

describe('import and search', () => {
  test('importing a missing folder fails and names it', async () => {
    const missing = join(root, 'no-such-folder');
    const result = await busker('import', missing, '--data', dataDir);
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(`The folder "${missing}" does not exist.`), result.stderr);
    assert.equal(existsSync(dataDir), false);
  });

  test('import prints a summary with the issues, then a second run finds nothing new', async () => {
    const first = await busker('import', fixtures.dir, '--data', dataDir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`^Imported ${fixtures.dir} in `));
    assert.match(first.stdout, new RegExp(`added +${fixtures.tracks.length}\\n`));
    assert.match(first.stdout, new RegExp(`issues +${fixtures.broken.length}\\n`));
    for (const broken of fixtures.broken) {
      assert.match(first.stdout, new RegExp(`\\n +${broken.relativePath}: \\S.*\\n`), broken.why);
    }
    // Not a terminal: progress comes as plain lines, never carriage returns.
    assert.match(first.stderr, /Done: /);
    assert.doesNotMatch(first.stderr, /\r/);

    const second = await busker('import', fixtures.dir, '--data', dataDir);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /added +0\n/);
    assert.match(second.stdout, new RegExp(`unchanged +${fixtures.tracks.length}\\n`));
  });

  test('search --json finds a track by the start of a word', async () => {
    const wanted = fixtures.tracks.find((track) => track.format === 'flac');
    assert.ok(wanted);
    const prefix = wanted.title.slice(0, 3).toLowerCase();
    const result = await busker('search', prefix, '--json', '--data', dataDir);
    assert.equal(result.code, 0, result.stderr);
    const tracks = JSON.parse(result.stdout) as Array<{ title: string; artist: string; mime: string }>;
    const found = tracks.find((track) => track.title === wanted.title);
    assert.ok(found, `"${prefix}" should find "${wanted.title}" in ${result.stdout}`);
    assert.equal(found.artist, wanted.artist);
    assert.equal(found.mime, wanted.mime);
  });

  test('search prints a table, honours --limit, and says when nothing matches', async () => {
    const wanted = fixtures.tracks[0];
    assert.ok(wanted);
    const table = await busker('search', wanted.title, '--data', dataDir);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /^ID +Title +Artist +Album +Time\n/);
    assert.ok(table.stdout.includes(wanted.title));

    const limited = await busker('search', 'tone', '--limit', '1', '--json', '--data', dataDir);
    assert.equal((JSON.parse(limited.stdout) as unknown[]).length, 1);

    const none = await busker('search', 'zzzqqq', '--data', dataDir);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, 'No tracks match "zzzqqq".\n');
  });
});

describe('serve', () => {
  test('prints a URL that answers, serves the library, and stops on SIGTERM', async () => {
    const { child, exited, url } = await startServe(dataDir);
    try {
      const signIn = await fetch(url, { redirect: 'manual' });
      assert.equal(signIn.status, 303);
      const cookie = signIn.headers.get('set-cookie')?.split(';')[0];
      assert.match(cookie ?? '', /^busker_session=/);

      const stats = await fetch(new URL('/api/call/libraryStats', url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie ?? '' },
        body: '[]',
      });
      assert.equal(stats.status, 200);
      const body = (await stats.json()) as { result: { tracks: number } };
      assert.equal(body.result.tracks, fixtures.tracks.length);

      const anonymous = await fetch(new URL('/api/call/libraryStats', url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '[]',
      });
      assert.equal(anonymous.status, 401);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  test('a song added to a library folder as soon as the URL is out joins the library', async () => {
    const music = join(root, 'serve-watched', 'music');
    const [first, second] = fixtures.tracks;
    assert.ok(first && second);
    await mkdir(join(music, 'artist', 'album'), { recursive: true });
    await copyFile(first.path, join(music, 'artist', 'album', basename(first.path)));
    const watchedData = join(root, 'serve-watched', 'data');
    assert.equal((await busker('import', music, '--data', watchedData)).code, 0);

    const { child, exited, url } = await startServe(watchedData);
    try {
      // At once, deep in the tree, while serve may still be walking it.
      mkdirSync(join(music, 'artist', 'new album'));
      copyFileSync(second.path, join(music, 'artist', 'new album', basename(second.path)));
      const token = new URL(url).searchParams.get('token') ?? '';
      const deadline = Date.now() + 30_000;
      let tracks = 0;
      while (tracks !== 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const reply = await fetch(new URL('/api/call/libraryStats', url), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: '[]',
        });
        tracks = ((await reply.json()) as { result: { tracks: number } }).result.tracks;
      }
      assert.equal(tracks, 2, 'the song added right after the URL was imported');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  test('a bad port is refused', async () => {
    const result = await busker('serve', '--port', '70000', '--data', dataDir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--port must be a number/);
  });

  test('a run that does not end is stopped, with what kept it alive (the test helper)', async () => {
    const env = { ...process.env, XDG_DATA_HOME: join(root, 'xdg') };
    await assert.rejects(
      runBusker(['serve', '--data', dataDir], { env, timeoutMs: 5_000 }),
      (error: Error) => {
        assert.match(error.message, /busker serve --data .* had not ended after 5 s/);
        assert.match(error.message, /stdout:\n.*http:\/\/127\.0\.0\.1:\d+/s, 'what it printed');
        assert.match(
          error.message,
          /Active handles:\n.*"type":"tcp".*"localEndpoint"/s,
          'its listening socket',
        );
        return true;
      },
    );
  });
});
