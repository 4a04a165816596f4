import type { ImportProgress } from '../core/api/appApi';
import { missingCase } from '../base/missingCase';
import { printable } from './cliCommand';

/** One line describing where an import stands. */
export function describeProgress(progress: ImportProgress): string {
  switch (progress.phase) {
    case 'scanning':
      return `Looking for music… ${progress.found} files found`;
    case 'reading': {
      const current = progress.current ? `  ${printable(progress.current)}` : '';
      return `Reading tags ${progress.processed}/${progress.found}${current}`;
    }
    case 'saving':
      return `Saving the library… ${progress.processed}/${progress.found}`;
    case 'done':
      return `Done: ${progress.processed}/${progress.found} files`;
    default:
      return missingCase(progress.phase);
  }
}

export interface ProgressWriter {
  update(progress: ImportProgress): void;
  /** Clears an updating line before the summary is printed. */
  finish(): void;
}

/** On a terminal: one line rewritten in place. Otherwise: a line per phase and at most one a second. */
export function createProgressWriter(stream: NodeJS.WriteStream): ProgressWriter {
  if (stream.isTTY) {
    let shown = false;
    return {
      update(progress) {
        const width = Math.max(20, (stream.columns || 80) - 1);
        const line = Array.from(describeProgress(progress)).slice(0, width).join('');
        stream.write(`\r\x1b[2K${line}`);
        shown = true;
      },
      finish() {
        if (shown) stream.write('\r\x1b[2K');
      },
    };
  }
  let lastPhase: ImportProgress['phase'] | null = null;
  let lastWrite = 0;
  return {
    update(progress) {
      const now = Date.now();
      if (progress.phase === lastPhase && now - lastWrite < 1000) return;
      lastPhase = progress.phase;
      lastWrite = now;
      stream.write(`${describeProgress(progress)}\n`);
    },
    finish() {},
  };
}
