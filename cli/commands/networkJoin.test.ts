// `busker network join` end to end: a real devnet (anvil, factory, key server) in this process,
// the CLI as its own process. The local network file does not exist for the CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { marketSettingsPath } from '../../core/app/marketSettings';
import { startDevnet } from '../../devnet/devnet';
import type { Devnet } from '../../devnet/devnet';
import { startDevnetKeyServer } from '../../keyserver/devnetKeyServer';
import { runBusker } from '../testSupport/runBusker';

let root: string;
let dataDir: string;
let devnet: Devnet;
let env: NodeJS.ProcessEnv;

const busker = (...args: string[]) => runBusker(args, { env });

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'busker-cli-network-join-'));
  dataDir = join(root, 'data');
  devnet = await startDevnet({ networkFile: join(root, 'devnet.json'), keyServer: startDevnetKeyServer });
  env = {
    ...process.env,
    XDG_DATA_HOME: join(root, 'xdg'),
    BUSKER_NETWORK_FILE: join(root, 'no-network.json'),
  };
});

after(async () => {
  await devnet?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('busker network join <address> prints what it found, saves it, and `busker network` shows it', async () => {
  const keyServer = devnet.description.keyServer ?? '';
  const joined = await busker('network', 'join', keyServer.replace(/^http:\/\//, ''), '--data', dataDir);
  assert.equal(joined.code, 0, joined.stderr);
  assert.equal(
    joined.stdout,
    'network     Busker Devnet\n' +
      `chain       ${devnet.network.chainId}\n` +
      `factory     ${devnet.network.factory}\n` +
      `key server  ${keyServer}\n` +
      `rpc         ${devnet.network.rpcUrl}\n` +
      'seeds       0\n' +
      'Saved. The commands and the app now use this network.\n',
  );
  const saved = JSON.parse(readFileSync(marketSettingsPath(dataDir), 'utf8'));
  assert.equal(saved.network.description.name, 'Busker Devnet');

  const shown = await busker('network', '--data', dataDir);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^network {5}Busker Devnet\n/);
  assert.match(shown.stdout, new RegExp(`key server  ${keyServer}`));
});

test('busker network join <file> joins the network a description file names', async () => {
  const fileData = join(root, 'from-file');
  const joined = await busker('network', 'join', join(root, 'devnet.json'), '--data', fileData);
  assert.equal(joined.code, 0, joined.stderr);
  assert.match(joined.stdout, /^network {5}Busker Devnet\n/);
  const missing = await busker('network', 'join', './absent.json', '--data', fileData);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No network file at .*absent\.json/);
});

test('busker network join says in words why it could not join, and saves nothing', async () => {
  const lost = join(root, 'lost');
  const unreachable = await busker('network', 'join', '127.0.0.1:9', '--data', lost);
  assert.equal(unreachable.code, 1);
  assert.match(
    unreachable.stderr,
    /No Busker key server answers at http:\/\/127\.0\.0\.1:9\. Check the address/,
  );
  const bad = await busker('network', 'join', 'ftp://example.org', '--data', lost);
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    /is not a key server address\. Type it as https:\/\/keys\.example\.org or host:port/,
  );
  const usage = await busker('network', 'join', '--data', lost);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Give the key server's address/);
  assert.throws(() => readFileSync(marketSettingsPath(lost)), /ENOENT/);
});
