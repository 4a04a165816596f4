/**
 * The offline packaging check (`npm test`, suite "packaging"; needs `npm run build` first):
 * electron-builder builds the unpacked Linux app from electron-builder.yml with a stand-in
 * Electron, and these tests hold the result to what an installer may contain.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { extractAll, extractFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { ICO_SIZES, pngSize } from '../icons/iconContainers';
import { DEFAULT_ICON_DIR, ICON_OUTPUTS, LINUX_SIZES, makeIcons } from '../makeIcons';
import { listAsarFiles, judgeAsarFiles, type AsarEntry } from './asarAllowList';
import { packageOffline, projectDir, type OfflinePackage } from './packageOffline';

/**
 * Ceiling for Busker's own part of the package (resources/: app.asar and app.asar.unpacked).
 * Today ~4 MB: the bundled main, the renderer and one better-sqlite3 prebuild. Electron itself
 * adds ~250 MB beside it, the same for every app. A dependency tree slipping in costs 100s of MB.
 */
const APP_SIZE_CEILING_BYTES = 16 * 1024 * 1024;
/** electron-builder must stay quick enough to run on every CI run. */
const BUILD_SECONDS_CEILING = 60;

/** The fuses Electron's security guide recommends, as electron-builder.yml sets them. */
const RECOMMENDED_FUSES: Record<string, boolean> = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};

let workDir: string;
let built: OfflinePackage;
let files: AsarEntry[];

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-packaging-'));
  built = await packageOffline(workDir);
  files = listAsarFiles(built.asarPath);
  console.log(`electron-builder built the unpacked app in ${built.seconds.toFixed(1)} s`);
});

after(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

test('electron-builder accepts electron-builder.yml and builds the unpacked Linux app offline', async () => {
  assert.ok((await stat(built.executable)).isFile(), 'the app executable (busker) is missing');
  assert.ok((await stat(built.asarPath)).isFile(), 'resources/app.asar is missing');
  assert.ok(
    built.seconds < BUILD_SECONDS_CEILING,
    `electron-builder took ${built.seconds.toFixed(1)} s (ceiling ${BUILD_SECONDS_CEILING} s)`,
  );
});

test('the asar holds only the built app and its one runtime dependency', () => {
  const verdict = judgeAsarFiles(
    files.map((file) => file.path),
    'linux',
    'x64',
  );
  assert.deepEqual(verdict.refused, [], 'refused content in app.asar');
  assert.deepEqual(
    verdict.unexpected,
    [],
    'files no rule allows (add them to asarAllowList.ts if they belong)',
  );
  assert.deepEqual(verdict.missing, [], 'files the app needs are missing');
});

test('native code sits unpacked beside the asar, and nothing else does', async () => {
  const unpacked = files.filter((file) => file.unpacked && file.path.endsWith('.node'));
  assert.deepEqual(
    unpacked.map((file) => file.path),
    ['node_modules/better-sqlite3/prebuilds/linux-x64.node'],
  );
  const onDisk = (await readdir(built.unpackedDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(built.unpackedDir.length + 1))
    .sort();
  const declared = files
    .filter((file) => file.unpacked)
    .map((file) => file.path)
    .sort();
  assert.deepEqual(onDisk, declared, 'app.asar.unpacked holds files the archive does not list');
});

test('the packaged package.json starts the bundled main and carries no scripts or dev tools', () => {
  const metadata = JSON.parse(extractFile(built.asarPath, 'package.json').toString('utf8')) as Record<
    string,
    unknown
  >;
  assert.equal(metadata.main, 'dist/main/main.js');
  assert.equal(metadata.productName, 'Busker');
  assert.equal(metadata.scripts, undefined);
  assert.equal(metadata.devDependencies, undefined);
});

test("Busker's part of the package stays under its size ceiling", async () => {
  const bytes = await folderBytes(built.resourcesDir);
  const megabytes = (bytes / 1024 / 1024).toFixed(1);
  console.log(
    `packaged app (resources/): ${megabytes} MB, ceiling ${APP_SIZE_CEILING_BYTES / 1024 / 1024} MB`,
  );
  assert.ok(bytes <= APP_SIZE_CEILING_BYTES, `resources/ is ${megabytes} MB`);
});

test('the fuses are flipped in the binary as the Electron security guide recommends', async () => {
  const wire = await getCurrentFuseWire(built.executable);
  const actual = Object.fromEntries(
    Object.keys(RECOMMENDED_FUSES).map((name) => {
      const state = wire[FuseV1Options[name as keyof typeof FuseV1Options]];
      return [name, state === 49 ? true : state === 48 ? false : `unexpected state ${state}`];
    }),
  );
  assert.deepEqual(actual, RECOMMENDED_FUSES);
});

test('the packaged main process starts from the asar alone and serves the app', async () => {
  const extracted = join(workDir, 'extracted');
  extractAll(built.asarPath, extracted);
  const dataDir = await mkdtemp(join(workDir, 'data-'));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(projectDir, 'scripts/packaging/bootPackagedMain.ts'), extracted],
    { cwd: projectDir, env: { ...process.env, BUSKER_DATA_DIR: dataDir }, timeout: 60_000 },
  );
  const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  assert.deepEqual(report.libraryStats, { result: { tracks: 0, albums: 0, artists: 0 } });
  assert.equal(report.page.status, 200);
  assert.match(report.page.csp ?? '', /default-src 'none'/);
  assert.deepEqual(report.script, { status: 200, type: 'text/javascript; charset=utf-8' });
  assert.deepEqual(report.preload, { insideApp: true, exists: true });
  // 1,000 bytes in one segment: the 24-byte header, the ciphertext and its 16-byte tag.
  assert.deepEqual(report.encryptionWorker, { containerBytes: 24 + 1000 + 16, hashMatches: true });
});

test('the icons render from build/icon.svg to every size, where electron-builder.yml looks for them', async () => {
  const config = readFileSync(join(projectDir, 'electron-builder.yml'), 'utf8');
  const iconDir = relative(projectDir, DEFAULT_ICON_DIR).split(sep).join('/');
  for (const output of Object.values(ICON_OUTPUTS)) {
    assert.ok(
      config.includes(`\n  icon: ${iconDir}/${output}\n`),
      `electron-builder.yml does not use ${output}`,
    );
  }
  const rendered = join(workDir, 'icons');
  await makeIcons(rendered);
  for (const size of LINUX_SIZES) {
    const png = await readFile(join(rendered, ICON_OUTPUTS.linuxDir, `${size}x${size}.png`));
    assert.deepEqual(pngSize(png), { width: size, height: size });
  }
  const ico = await readFile(join(rendered, ICON_OUTPUTS.ico));
  assert.deepEqual([ico.readUInt16LE(2), ico.readUInt16LE(4)], [1, ICO_SIZES.length], 'an icon directory');
  const icns = await readFile(join(rendered, ICON_OUTPUTS.icns));
  assert.equal(icns.subarray(0, 4).toString('latin1'), 'icns');
  assert.equal(icns.readUInt32BE(4), icns.length);
});
