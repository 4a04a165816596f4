/**
 * Starts the packaged main process (extracted from app.asar) in plain Node, with the recording
 * stand-in for `electron` from main/testSupport, and reports what it served as one JSON line.
 * It proves the asar holds everything main loads at run time: a module left out of the package
 * fails the import here, as it would in the installed app.
 *
 *   node --import tsx scripts/packaging/bootPackagedMain.ts <extractedAppDir>
 * (BUSKER_DATA_DIR must name an empty folder for the library.)
 */
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as FakeElectron from '../../main/testSupport/fakeElectron';

const appDir = resolve(process.argv[2] ?? '');
const fakeUrl = pathToFileURL(resolve(import.meta.dirname, '../../main/testSupport/fakeElectron.ts')).href;
register(
  `data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(fakeUrl)}, shortCircuit: true };
  return next(specifier, context);
}`)}`,
);

const fake = (await import('electron')) as unknown as typeof FakeElectron;
await import(pathToFileURL(join(appDir, 'dist/main/main.js')).href);
fake.emitReady();
const window = await fake.windowShown;

const trusted = { sender: window.webContents, senderFrame: window.mainFrame };
const libraryStats = await fake.recorded.ipcHandlers.get('app:libraryStats')?.(trusted);
const serve = fake.recorded.protocolHandlers.get('busker');
const page = await serve?.(new Request('busker://app/index.html'));
const script = await serve?.(new Request('busker://app/app.js'));
const preload = String(window.options.webPreferences.preload);

console.log(
  JSON.stringify({
    libraryStats,
    page: { status: page?.status, csp: page?.headers.get('content-security-policy') ?? null },
    script: { status: script?.status, type: script?.headers.get('content-type') ?? null },
    preload: { insideApp: preload.startsWith(appDir), exists: existsSync(preload) },
  }),
);
// Quitting closes the backend before the app exits (main.ts calls app.exit once it has).
fake.app.emit('will-quit', { preventDefault() {} });
while (!fake.recorded.log.includes('exit 0')) await new Promise((resolve) => setTimeout(resolve, 20));
process.exit(0);
