import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigError, defaultCryptoThreads, loadKeyServerConfig } from './config';

let folder: string;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'busker-keyserver-config-'));
});
after(() => rm(folder, { recursive: true, force: true }));

const defaults = () => ({ dataDir: join(folder, 'data'), networkFile: join(folder, 'network.json') });

test('defaults: SQLite in the data folder, 2 confirmations, loopback, port 8787', async () => {
  const keyHex = randomBytes(32).toString('hex');
  const config = await loadKeyServerConfig({ BUSKER_KEYSERVER_MASTER_KEY: keyHex }, defaults());
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 8787);
  assert.equal(config.confirmations, 2);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, join(folder, 'data'));
  assert.equal(config.networkFile, join(folder, 'network.json'));
  assert.deepEqual(config.rateLimits, { perIp: 120, perAddress: 30, windowMs: 60_000 });
  assert.equal(config.cryptoThreads, defaultCryptoThreads());
  assert.equal(config.maxConnectionsPerIp, 128);
  assert.equal(config.publicUrl, undefined, 'the listening URL is the public one');
  assert.ok(config.cryptoThreads >= 1);
  assert.equal(JSON.stringify(config).includes(keyHex), false, 'the config prints without its key');
});

test('reads every variable, the master key from a file, and lets the command line win', async () => {
  const keyFile = join(folder, 'master.key');
  const key = randomBytes(32);
  await writeFile(keyFile, `${key.toString('hex')}\n`, { mode: 0o600 });
  const config = await loadKeyServerConfig(
    {
      BUSKER_KEYSERVER_MASTER_KEY_FILE: keyFile,
      BUSKER_KEYSERVER_HOST: '0.0.0.0',
      BUSKER_KEYSERVER_PORT: '9000',
      BUSKER_KEYSERVER_CONFIRMATIONS: '12',
      BUSKER_KEYSERVER_DATABASE_URL: 'postgres://keys:secret@db.internal/keys',
      BUSKER_KEYSERVER_RATE_LIMIT_PER_IP: '50',
      BUSKER_KEYSERVER_RATE_LIMIT_PER_ADDRESS: '5',
      BUSKER_KEYSERVER_TRUST_PROXY: 'true',
      BUSKER_KEYSERVER_LOG_LEVEL: 'warn',
      BUSKER_KEYSERVER_CRYPTO_THREADS: '3',
      BUSKER_KEYSERVER_MAX_CONNECTIONS_PER_IP: '0',
      BUSKER_KEYSERVER_PUBLIC_URL: 'https://keys.example.org',
    },
    defaults(),
    { port: 0 },
  );
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.port, 0);
  assert.equal(config.confirmations, 12);
  assert.equal(config.databaseUrl, 'postgres://keys:secret@db.internal/keys');
  assert.deepEqual(config.rateLimits, { perIp: 50, perAddress: 5, windowMs: 60_000 });
  assert.equal(config.trustProxy, true);
  assert.equal(config.logLevel, 'warn');
  assert.equal(config.cryptoThreads, 3);
  assert.equal(config.maxConnectionsPerIp, 0, '0: no cap');
  assert.equal(config.publicUrl, 'https://keys.example.org');
});

test('lists every mistake at once, one line per variable, without echoing a secret', async () => {
  const almostKey = `${randomBytes(31).toString('hex')}zz`;
  await assert.rejects(
    loadKeyServerConfig(
      {
        BUSKER_KEYSERVER_MASTER_KEY: almostKey,
        BUSKER_KEYSERVER_PORT: '70000',
        BUSKER_KEYSERVER_CONFIRMATIONS: 'two',
        BUSKER_KEYSERVER_DATABASE_URL: 'mysql://db/keys',
        BUSKER_KEYSERVER_TRUST_PROXY: 'yes',
        BUSKER_KEYSERVER_LOG_LEVEL: 'loud',
        BUSKER_KEYSERVER_MAX_CONNECTIONS_PER_IP: '-1',
        BUSKER_KEYSERVER_PUBLIC_URL: 'javascript:alert(1)',
      },
      defaults(),
    ),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const variables = [
        'BUSKER_KEYSERVER_PORT',
        'BUSKER_KEYSERVER_CONFIRMATIONS',
        'BUSKER_KEYSERVER_DATABASE_URL',
        'BUSKER_KEYSERVER_TRUST_PROXY',
        'BUSKER_KEYSERVER_LOG_LEVEL',
        'BUSKER_KEYSERVER_MAX_CONNECTIONS_PER_IP',
        'BUSKER_KEYSERVER_PUBLIC_URL',
        'BUSKER_KEYSERVER_MASTER_KEY',
      ];
      assert.equal(error.problems.length, variables.length, error.message);
      for (const variable of variables)
        assert.ok(
          error.problems.some((line) => line.startsWith(variable)),
          variable,
        );
      assert.match(error.message, /8 mistakes/);
      assert.equal(error.message.includes(almostKey), false);
      return true;
    },
  );
});

test('a missing master key, or two of them, or an unreadable file, each say what to do', async () => {
  await assert.rejects(
    loadKeyServerConfig({}, defaults()),
    /No master key: Set BUSKER_KEYSERVER_MASTER_KEY_FILE/,
  );
  await assert.rejects(
    loadKeyServerConfig(
      { BUSKER_KEYSERVER_MASTER_KEY: 'a', BUSKER_KEYSERVER_MASTER_KEY_FILE: 'b' },
      defaults(),
    ),
    /both set: set only one/,
  );
  await assert.rejects(
    loadKeyServerConfig({ BUSKER_KEYSERVER_MASTER_KEY_FILE: join(folder, 'absent.key') }, defaults()),
    /absent\.key\) does not exist/,
  );
});
