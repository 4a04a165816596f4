import { resolve } from 'node:path';
import type { ImportSummary } from '../../core/api/appApi';
import { folderProblem } from '../../core/library/folderBrowser';
import type { CliCommand } from '../cliCommand';
import { dataOptionHelp, parseCommandArgs, printable, resolveDataDir, UsageError } from '../cliCommand';
import { createProgressWriter } from '../importProgressLine';

export function formatImportSummary(summary: ImportSummary): string {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const lines = [
    `Imported ${printable(summary.folder)} in ${seconds} s`,
    `  added      ${summary.added}`,
    `  updated    ${summary.updated}`,
    `  unchanged  ${summary.unchanged}`,
    `  removed    ${summary.removed}`,
    `  issues     ${summary.issues.length}`,
  ];
  for (const issue of summary.issues) lines.push(`    ${printable(issue.path)}: ${printable(issue.reason)}`);
  return `${lines.join('\n')}\n`;
}

export const importCommand: CliCommand = {
  synopsis: 'import <folder>',
  summary: "Add a folder's music to the library (run it again to pick up changes)",
  help: `Usage: busker import <folder> [--data <dir>]

Adds every audio file under <folder> to the library, updates the ones that changed and
removes the ones that are gone. Files that are not audio or cannot be read are listed
at the end with the reason.

Options:
${dataOptionHelp}
  -h, --help     Show this help
`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { data: { type: 'string' } });
    if (positionals.length !== 1 || positionals[0] === undefined) {
      throw new UsageError(
        positionals.length === 0 ? 'Which folder? Give the folder to import.' : 'Give one folder.',
      );
    }
    const folder = resolve(positionals[0]);
    const problem = await folderProblem(folder);
    if (problem) {
      process.stderr.write(`busker import: ${problem.message}\n`);
      return 1;
    }

    const { openBackend } = await import('../../core/app/openBackend');
    const backend = openBackend({ dataDir: resolveDataDir(values.data), host: 'headless' });
    const progress = createProgressWriter(process.stderr);
    const unsubscribe = backend.onEvent((event) => {
      if (event.name === 'onDidImportProgress') progress.update(event.payload);
    });
    try {
      const summary = await backend.api.importFolder(folder);
      progress.finish();
      process.stdout.write(formatImportSummary(summary));
      return 0;
    } finally {
      progress.finish();
      unsubscribe();
      backend.close();
    }
  },
};
