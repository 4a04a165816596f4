/**
 * A stand-in for an unpacked Linux Electron distribution, for electron-builder's `electronDist`
 * where no Electron can be downloaded. It has the layout electron-builder's Linux `dir` target
 * reads (an `electron` executable, `resources/`, `locales/`, the licence files, `version`) and a
 * real fuse wire, so electron-builder flips Busker's fuses on it exactly as on Electron and a test
 * can read them back. It cannot run anything.
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Electron's fuse sentinel (`@electron/fuses`): the wire follows it in every Electron binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's fuse defaults, in wire order: RunAsNode on, EnableCookieEncryption off,
 * EnableNodeOptionsEnvironmentVariable on, EnableNodeCliInspectArguments on,
 * EnableEmbeddedAsarIntegrityValidation off, OnlyLoadAppFromAsar off,
 * LoadBrowserProcessSpecificV8Snapshot off, GrantFileProtocolExtraPrivileges on, WasmTrapHandlers on.
 */
export const ELECTRON_DEFAULT_FUSES = '101100011';

function fuseWire(): Buffer {
  return Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES, 'latin1'),
  ]);
}

function standInExecutable(): Buffer {
  return Buffer.concat([
    Buffer.from(
      '#!/bin/sh\n' +
        "# Busker's stand-in for Electron (scripts/packaging/electronStandIn.ts): it lets the offline\n" +
        '# packaging check build the unpacked app without downloading Electron. It runs nothing.\n' +
        '# Fuse wire: ',
    ),
    fuseWire(),
    Buffer.from('\necho "This package was built with a stand-in for Electron and cannot run." >&2\nexit 1\n'),
  ]);
}

/** Writes the stand-in distribution into `dir` (replacing what is there) and returns `dir`. */
export async function makeElectronStandIn(dir: string, electronVersion: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'resources'), { recursive: true });
  await mkdir(join(dir, 'locales'), { recursive: true });
  const executable = join(dir, 'electron');
  await writeFile(executable, standInExecutable());
  await chmod(executable, 0o755);
  await writeFile(join(dir, 'locales', 'en-US.pak'), 'stand-in locale\n');
  await writeFile(join(dir, 'LICENSE'), 'Stand-in for the Electron licence (MIT).\n');
  await writeFile(join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>Stand-in</title>\n');
  await writeFile(join(dir, 'version'), `${electronVersion}\n`);
  return dir;
}
