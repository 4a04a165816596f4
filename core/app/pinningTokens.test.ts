import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { seedPinningEndpoints } from '../storage/pinningServiceClient';
import {
  hasPinningToken,
  PINNING_TOKENS_FILE,
  pinningNetworkKey,
  readPinningToken,
  savePinningToken,
} from './pinningTokens';

let dataDir: string;
before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'busker-pinning-tokens-'));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const vaultKey = randomBytes(32);
const network = pinningNetworkKey({ chainId: 31337, factory: '0x' + 'AB'.repeat(20) });
const other = pinningNetworkKey({ chainId: 1, factory: '0x' + 'AB'.repeat(20) });

test('a token is kept sealed per network, opened only with the vault key it was sealed under', async () => {
  assert.equal(await hasPinningToken(dataDir, network), false);
  await savePinningToken(dataDir, vaultKey, network, '  secret-pin-token-123  ');
  assert.equal(await hasPinningToken(dataDir, network), true);
  assert.equal(await hasPinningToken(dataDir, other), false);
  assert.equal(await readPinningToken(dataDir, vaultKey, network), 'secret-pin-token-123');
  assert.equal(await readPinningToken(dataDir, vaultKey, other), undefined);
  assert.equal(await readPinningToken(dataDir, randomBytes(32), network), undefined);
  const file = join(dataDir, PINNING_TOKENS_FILE);
  assert.ok(!(await readFile(file, 'utf8')).includes('secret-pin-token'), 'never stored in the clear');
  assert.equal((await stat(file)).mode & 0o777, 0o600);

  await savePinningToken(dataDir, vaultKey, network, null);
  assert.equal(await hasPinningToken(dataDir, network), false);
  assert.equal(await readPinningToken(dataDir, vaultKey, network), undefined);
});

test('a token that cannot go in an HTTP header is refused in words', async () => {
  await assert.rejects(savePinningToken(dataDir, vaultKey, network, 'two words'), {
    code: 'BAD_REQUEST',
    message: 'A pinning token is printable text without spaces.',
  });
  await assert.rejects(savePinningToken(dataDir, vaultKey, network, 'line\nbreak'), { code: 'BAD_REQUEST' });
  assert.equal(await hasPinningToken(dataDir, network), false);
});

test("the token goes to the network's own seeds only", () => {
  const seeds = [{ pinning: 'http://seed-a.example/psa' }, { pinning: 'http://seed-b.example/psa' }];
  assert.deepEqual(seedPinningEndpoints(seeds, 'tok'), [
    { url: 'http://seed-a.example/psa', token: 'tok' },
    { url: 'http://seed-b.example/psa', token: 'tok' },
  ]);
  assert.deepEqual(seedPinningEndpoints(seeds), [
    { url: 'http://seed-a.example/psa' },
    { url: 'http://seed-b.example/psa' },
  ]);
});
