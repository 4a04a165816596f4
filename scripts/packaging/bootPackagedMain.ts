/**
 * Starts the packaged main process (extracted from app.asar) in plain Node, with the recording
 * stand-in for `electron` from main/testSupport, and reports what it served as one JSON line.
 * It proves the asar holds everything main loads at run time: a module left out of the package
 * fails the import here, as it would in the installed app.
 *
 *   node --import tsx scripts/packaging/bootPackagedMain.ts <extractedAppDir>
 * (BUSKER_DATA_DIR must name an empty folder for the library.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { register } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { EncryptionJob, FromEncryption } from '../../core/publish/encryptionThread';
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
const encryptionWorker = await encryptWithPackagedWorker();

console.log(
  JSON.stringify({
    libraryStats,
    page: { status: page?.status, csp: page?.headers.get('content-security-policy') ?? null },
    script: { status: script?.status, type: script?.headers.get('content-type') ?? null },
    preload: { insideApp: preload.startsWith(appDir), exists: existsSync(preload) },
    encryptionWorker,
  }),
);
// Quitting closes the backend before the app exits (main.ts calls app.exit once it has).
fake.app.emit('will-quit', { preventDefault() {} });
while (!fake.recorded.log.includes('exit 0')) await new Promise((resolve) => setTimeout(resolve, 20));
process.exit(0);

/** Publishing's encryption thread, started from the package as main starts it, on a 1,000-byte file. */
async function encryptWithPackagedWorker() {
  const bytes = randomBytes(1000);
  const path = join(process.env.BUSKER_DATA_DIR ?? '', 'worker-input.bin');
  await writeFile(path, bytes);
  const worker = new Worker(pathToFileURL(join(appDir, 'dist/main/encryptionWorker.js')));
  try {
    const { port1, port2 } = new MessageChannel();
    const job: EncryptionJob = {
      audio: { path, size: bytes.length, key: randomBytes(32), noncePrefix: randomBytes(8) },
      port: port2,
    };
    worker.postMessage(job, [port2]);
    let containerBytes = 0;
    const contentHash = await new Promise<string>((resolve, reject) => {
      worker.once('error', reject);
      port1.on('message', (message: FromEncryption) => {
        if ('piece' in message) containerBytes += message.piece.length;
        else if ('contentHash' in message) resolve(message.contentHash);
        else reject(new Error(message.error.message));
      });
    });
    port1.close();
    const expected = `0x${createHash('sha256').update(bytes).digest('hex')}`;
    return { containerBytes, hashMatches: contentHash === expected };
  } finally {
    await worker.terminate();
  }
}
