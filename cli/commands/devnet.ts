import { resolve } from 'node:path';
import { defaultNetworkFilePath } from '../../protocol/networkFilePath';
import type { CliCommand } from '../cliCommand';
import { parseCommandArgs, UsageError } from '../cliCommand';
import { listenForStopSignal } from '../stopSignal';

function parseBlockTime(text: string | undefined): number {
  if (text === undefined) return 1;
  const seconds = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 1)) throw new UsageError('--block-time must be a whole number of seconds, 1 or more.');
  return seconds;
}

export const devnetCommand: CliCommand = {
  synopsis: 'devnet',
  summary: 'Run a local chain with the Busker contracts, for development',
  help: `Usage: busker devnet [--out <file>] [--block-time N]

Starts a local chain (anvil) on 127.0.0.1 that mines a block every second, deploys the
Busker contracts and writes the network file that the app, the CLI and the key server
read. It prints funded development accounts: their keys are public, for development only.
Stop with Ctrl+C. Only one devnet runs per network file.

Options:
  --out <file>      Where to write the network file
                    (default: $BUSKER_NETWORK_FILE, else ${defaultNetworkFilePath()})
  --block-time N    Seconds between blocks (default: 1)
  -h, --help        Show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      out: { type: 'string' },
      'block-time': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`devnet takes no arguments (got "${positionals[0]}").`);
    const blockTime = parseBlockTime(values['block-time']);
    const networkFile = values.out === undefined ? defaultNetworkFilePath() : resolve(values.out);

    const stopSignal = listenForStopSignal();
    const [
      { DevnetAlreadyRunningError, describeDevnet, startDevnet },
      { startDevnetKeyServer },
      { startDevnetSeed },
    ] = await Promise.all([
      import('../../devnet/devnet'),
      import('../../keyserver/devnetKeyServer'),
      import('../../seed/devnetSeed'),
    ]);
    let devnet;
    try {
      devnet = await startDevnet({
        networkFile,
        blockTime,
        keyServer: startDevnetKeyServer,
        seed: startDevnetSeed,
      });
    } catch (error) {
      stopSignal.dispose();
      if (error instanceof DevnetAlreadyRunningError) {
        process.stderr.write(`busker devnet: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    process.stdout.write(describeDevnet(devnet));
    const signal = await stopSignal.signal;
    await devnet.stop();
    process.stderr.write(`Devnet stopped (${signal}); removed ${devnet.lockFile}.\n`);
    return 0;
  },
};
