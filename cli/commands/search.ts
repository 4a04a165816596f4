import type { CliCommand } from '../cliCommand';
import { dataOptionHelp, parseCommandArgs, printable, resolveDataDir, UsageError } from '../cliCommand';
import { formatTrackTable } from '../trackTable';

const defaultLimit = 20;
const maxLimit = 1000;

function parseLimit(text: string | undefined): number {
  if (text === undefined) return defaultLimit;
  const limit = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= maxLimit))
    throw new UsageError(`--limit must be a number from 1 to ${maxLimit}.`);
  return limit;
}

export const searchCommand: CliCommand = {
  synopsis: 'search <words>',
  summary: 'Find tracks by title, artist or album (words may be the start of a word)',
  help: `Usage: busker search <words> [--json] [--limit N] [--data <dir>]

Finds tracks whose title, artist or album contain every word; a word matches
the start of a word too ("beyon" finds "Beyoncé").

Options:
  --json         Print the tracks as a JSON array
  --limit N      Show at most N tracks (1-${maxLimit}, default ${defaultLimit})
${dataOptionHelp}
  -h, --help     Show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      limit: { type: 'string' },
      data: { type: 'string' },
    });
    const limit = parseLimit(values.limit);
    const text = positionals.join(' ').trim();
    if (text === '') throw new UsageError('What should I search for? Give a word or two.');

    const { openBackend } = await import('../../core/app/openBackend');
    const backend = openBackend({ dataDir: resolveDataDir(values.data), host: 'headless' });
    try {
      const page = await backend.api.listTracks({ text, offset: 0, limit });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(page.tracks, null, 2)}\n`);
      } else if (page.tracks.length === 0) {
        process.stdout.write(`No tracks match "${printable(text)}".\n`);
      } else {
        process.stdout.write(formatTrackTable(page.tracks));
        if (page.total > page.tracks.length) {
          process.stdout.write(
            `\nShowing ${page.tracks.length} of ${page.total} tracks; use --limit to see more.\n`,
          );
        }
      }
      return 0;
    } finally {
      backend.close();
    }
  },
};
