/**
 * The offline packaging check's build: electron-builder validates electron-builder.yml and builds
 * the unpacked Linux app (the `dir` target) from the built dist/ with a stand-in Electron
 * (`electronDist`), so it needs no network. Everything else comes from the real configuration,
 * fuses included. Any download electron-builder might still attempt is pointed at a closed local
 * port, so it fails at once instead of reaching the internet.
 *
 *   node --import tsx scripts/packaging/packageOffline.ts [outputDir]
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Arch, build, log, Platform } from 'electron-builder';
import { makeElectronStandIn } from './electronStandIn';

export const projectDir = resolve(import.meta.dirname, '..', '..');

/** Where each part of the unpacked app is, plus how long electron-builder took. */
export interface OfflinePackage {
  /** `linux-unpacked`: the folder the AppImage and deb are made from. */
  appOutDir: string;
  /** The app's executable (the stand-in, renamed and fused by electron-builder). */
  executable: string;
  resourcesDir: string;
  asarPath: string;
  unpackedDir: string;
  seconds: number;
}

const REQUIRED_BUILD_OUTPUT = ['dist/main/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];

/** Sends every download electron-builder could try to a port where nothing listens. */
const NO_DOWNLOADS: Readonly<Record<string, string>> = {
  ELECTRON_MIRROR: 'http://127.0.0.1:9/',
  ELECTRON_BUILDER_BINARIES_MIRROR: 'http://127.0.0.1:9/',
  ELECTRON_BUILDER_BINARIES_DOWNLOAD_OVERRIDE_URL: 'http://127.0.0.1:9/',
  ELECTRON_BUILDER_BINARIES_ALLOW_HTTP: 'true',
};

export async function packageOffline(outputDir: string): Promise<OfflinePackage> {
  const missing = REQUIRED_BUILD_OUTPUT.filter((file) => !existsSync(join(projectDir, file)));
  if (missing.length > 0) {
    throw new Error(`The build output is missing (${missing.join(', ')}): run \`npm run build\` first.`);
  }
  const electronVersion = (
    JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const standIn = await makeElectronStandIn(join(outputDir, 'electron-stand-in'), electronVersion);
  Object.assign(process.env, NO_DOWNLOADS);

  // npm's list of every shared dependency (hundreds of names) says nothing about Busker's package.
  const info = log.info.bind(log);
  log.info = (fields, message) => {
    if (message !== 'duplicate dependency references') info(fields, message);
  };
  const started = performance.now();
  await build({
    projectDir,
    targets: Platform.LINUX.createTarget(['dir'], Arch.x64),
    publish: 'never',
    // Merged over electron-builder.yml: where Electron comes from, where the output goes, and no
    // release to publish to (nor its update metadata).
    config: {
      electronVersion,
      electronDist: standIn,
      directories: { output: join(outputDir, 'out') },
      publish: null,
    },
  }).finally(() => {
    log.info = info;
  });
  const seconds = (performance.now() - started) / 1000;

  const appOutDir = join(outputDir, 'out', 'linux-unpacked');
  const resourcesDir = join(appOutDir, 'resources');
  return {
    appOutDir,
    executable: join(appOutDir, 'busker'),
    resourcesDir,
    asarPath: join(resourcesDir, 'app.asar'),
    unpackedDir: join(resourcesDir, 'app.asar.unpacked'),
    seconds,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outputDir = process.argv[2]
    ? resolve(process.argv[2])
    : await mkdtemp(join(tmpdir(), 'busker-package-'));
  const result = await packageOffline(outputDir);
  console.log(`Unpacked Linux app in ${result.appOutDir} (electron-builder: ${result.seconds.toFixed(1)} s)`);
}
