// `npm run devnet`: the local chain for development, the same as `busker devnet` (see its --help).
import { devnetCommand } from '../cli/commands/devnet';
import { UsageError } from '../cli/cliCommand';
import packageJson from '../package.json' with { type: 'json' };

try {
  process.exitCode = await devnetCommand.run(process.argv.slice(2), {
    version: packageJson.version,
    rendererDir: '',
  });
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`devnet: ${error.message}\nRun \`npm run devnet -- --help\` for usage.\n`);
  process.exitCode = 2;
}
