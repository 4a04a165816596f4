import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultDataDir } from '../../base/dataDir';
import { defaultNetworkFilePath } from '../../protocol/networkFilePath';
import type { ConfigOverrides } from '../../keyserver/config';
import { defaultPort } from '../../keyserver/defaultPort';
import { MasterKey, MasterKeyError } from '../../keyserver/masterKey';
import type { CliCommand } from '../cliCommand';
import { parseCommandArgs, UsageError } from '../cliCommand';
import { untilStopSignal } from '../stopSignal';

/** How long a graceful stop may take before the remaining connections are cut. */
const stopGraceMs = 10_000;

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError('--port must be a number from 0 to 65535 (0 picks a free port).');
  }
  return port;
}

const defaults = () => ({
  dataDir: join(defaultDataDir(), 'keyserver'),
  networkFile: defaultNetworkFilePath(),
});

/** Prints what is wrong with the configuration or the network file; null for anything else. */
async function explainStartFailure(error: unknown): Promise<string | null> {
  const [{ ConfigError }, { NetworkFileError }] = await Promise.all([
    import('../../keyserver/config'),
    import('../../protocol/networkFile'),
  ]);
  if (error instanceof ConfigError || error instanceof NetworkFileError || error instanceof MasterKeyError) {
    return error.message;
  }
  return null;
}

// The server's stack (fastify, the chain client, the stores) loads when a command runs, not for `--help`.
async function serve(overrides: ConfigOverrides): Promise<number> {
  const [{ loadKeyServerConfig }, { recoveryBackend }, { startKeyServer }, { sqliteFileName }] =
    await Promise.all([
      import('../../keyserver/config'),
      import('../../keyserver/secp256k1Recovery'),
      import('../../keyserver/server'),
      import('../../keyserver/store/openKeyStore'),
    ]);
  const config = await loadKeyServerConfig(process.env, defaults(), overrides);
  const server = await startKeyServer(config);
  const stopped = untilStopSignal();
  const store =
    server.store.backend === 'postgres' ? 'PostgreSQL' : `SQLite in ${join(config.dataDir, sqliteFileName)}`;
  const threads =
    config.cryptoThreads === 0
      ? 'on the event loop'
      : `${config.cryptoThreads} thread${config.cryptoThreads === 1 ? '' : 's'}`;
  process.stdout.write(
    `Busker key server listening on ${server.url}\n` +
      `  network file   ${config.networkFile}\n` +
      `  confirmations  ${config.confirmations}\n` +
      `  store          ${store} (master key ${config.masterKey.id})\n` +
      `  crypto         ${threads}, libsecp256k1 as ${recoveryBackend} code\n` +
      'Press Ctrl+C to stop.\n',
  );
  const signal = await stopped;
  process.stderr.write(`Stopping the key server (${signal}): finishing requests in flight…\n`);
  const cut = setTimeout(() => server.app.server.closeAllConnections(), stopGraceMs).unref();
  await server.close();
  clearTimeout(cut);
  process.stderr.write('Key server stopped.\n');
  return 0;
}

async function rotate(newKeyFile: string | undefined, overrides: ConfigOverrides): Promise<number> {
  if (newKeyFile === undefined) throw new UsageError('rotate-master-key needs --new-key-file <file>.');
  const [{ loadKeyServerConfig }, { rotateMasterKey }, { openKeyStore, sqliteFileName }] = await Promise.all([
    import('../../keyserver/config'),
    import('../../keyserver/keyVault'),
    import('../../keyserver/store/openKeyStore'),
  ]);
  const config = await loadKeyServerConfig(process.env, defaults(), overrides);
  const newKey = MasterKey.fromText(await readFile(resolve(newKeyFile), 'utf8'));
  if (newKey.id === config.masterKey.id) {
    process.stderr.write('busker keyserver: the new master key is the current one; nothing to do.\n');
    return 1;
  }
  const sqliteFile = join(config.dataDir, sqliteFileName);
  if (!config.databaseUrl && !existsSync(sqliteFile)) {
    process.stderr.write(
      `busker keyserver: there is no key server database at ${sqliteFile}; nothing to rotate.\n`,
    );
    return 1;
  }
  const store = await openKeyStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (!(await store.loadIdentity())) {
      process.stderr.write('busker keyserver: the key server database is empty; nothing to rotate.\n');
      return 1;
    }
    const rows = await rotateMasterKey(store, config.masterKey, newKey);
    process.stdout.write(
      `Re-encrypted ${rows} sealed value${rows === 1 ? '' : 's'} from master key ${config.masterKey.id} ` +
        `to ${newKey.id}, in one transaction.\n` +
        `Now point BUSKER_KEYSERVER_MASTER_KEY_FILE at ${resolve(newKeyFile)} and start the key server(s) again.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

export const keyserverCommand: CliCommand = {
  synopsis: 'keyserver',
  summary: 'Run the key server that releases track keys for confirmed tips',
  help: `Usage: busker keyserver [--host H] [--port N] [--network <file>] [--data <dir>]
       busker keyserver rotate-master-key --new-key-file <file>

Runs the Busker key server for the network in the network file (written by
\`busker devnet\`). Artists deposit their tracks' keys with it; it releases a key,
sealed to the listener's app, once the listener's tip is confirmed on chain.
Stop with Ctrl+C: requests in flight are finished first.

rotate-master-key re-encrypts every stored key under a new master key, in one
transaction. Stop every instance first, then restart them with the new key.

Options:
  --host H             Address to listen on (default: 127.0.0.1)
  --port N             Port to listen on (default: ${defaultPort}; 0 picks a free port)
  --network <file>     The network file (default: $BUSKER_NETWORK_FILE, else ${defaultNetworkFilePath()})
  --data <dir>         Where the SQLite database is kept (default: ${defaults().dataDir})
  --new-key-file <f>   rotate-master-key: the file holding the new master key
  -h, --help           Show this help

Environment:
  BUSKER_KEYSERVER_MASTER_KEY_FILE   File holding the 32-byte master key as hex or base64
  BUSKER_KEYSERVER_MASTER_KEY        The master key itself (instead of the file)
  BUSKER_KEYSERVER_DATABASE_URL      postgres://… to use PostgreSQL instead of SQLite
  BUSKER_KEYSERVER_CONFIRMATIONS     Blocks a tip needs, counting its own (default: 2)
  BUSKER_KEYSERVER_HOST, BUSKER_KEYSERVER_PORT, BUSKER_KEYSERVER_DATA_DIR
  BUSKER_KEYSERVER_RATE_LIMIT_PER_IP, BUSKER_KEYSERVER_RATE_LIMIT_PER_ADDRESS (per minute)
  BUSKER_KEYSERVER_CRYPTO_THREADS    Threads that check signatures and seal keys (default: one per
                                     core less one, 1 to 8; 0 does it on the event loop)
  BUSKER_KEYSERVER_TRUST_PROXY       true behind a reverse proxy that sets X-Forwarded-For
  BUSKER_KEYSERVER_LOG_LEVEL         fatal, error, warn, info (default), debug, trace or silent
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      host: { type: 'string' },
      port: { type: 'string' },
      network: { type: 'string' },
      data: { type: 'string' },
      'new-key-file': { type: 'string' },
    });
    const [action, extra] = positionals;
    if (extra !== undefined || (action !== undefined && action !== 'rotate-master-key')) {
      throw new UsageError(`unknown argument "${extra ?? action}"; the only action is rotate-master-key.`);
    }
    const port = parsePort(values.port);
    const overrides: ConfigOverrides = {
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(values.network !== undefined ? { networkFile: resolve(values.network) } : {}),
      ...(values.data !== undefined ? { dataDir: resolve(values.data) } : {}),
    };
    try {
      if (action === 'rotate-master-key') return await rotate(values['new-key-file'], overrides);
      return await serve(overrides);
    } catch (error) {
      const explained = await explainStartFailure(error);
      if (explained === null) throw error;
      process.stderr.write(`busker keyserver: ${explained}\n`);
      return 1;
    }
  },
};
