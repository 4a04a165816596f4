import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ImportProgress } from '../api/appApi';
import { ImportProgressReporter } from './importProgress';

describe('import progress', () => {
  test('names the current file only when a report goes out', () => {
    const reports: ImportProgress[] = [];
    const described: string[] = [];
    const reporter = new ImportProgressReporter(
      (progress) => reports.push(progress),
      60_000,
      (path) => {
        described.push(path);
        return path.replace('/music/', '');
      },
    );
    reporter.phase('scanning');
    for (let index = 0; index < 1_000; index += 1) {
      reporter.found();
      reporter.processed(`/music/${index}.mp3`);
    }
    assert.equal(reports.length, 1, 'reported more often than its interval');
    assert.deepEqual(described, []);
    reporter.phase('done');
    assert.deepEqual(described, ['/music/999.mp3']);
    assert.deepEqual(reports.at(-1), { phase: 'done', found: 1_000, processed: 1_000, current: '999.mp3' });
  });

  test('with no interval every processed file is reported by its described name', () => {
    const reports: ImportProgress[] = [];
    const reporter = new ImportProgressReporter(
      (progress) => reports.push(progress),
      0,
      (path) => `[${path}]`,
    );
    reporter.found();
    reporter.processed('a.flac');
    reporter.processed('b.flac');
    assert.deepEqual(
      reports.map((progress) => [progress.processed, progress.current]),
      [
        [0, null],
        [1, '[a.flac]'],
        [2, '[b.flac]'],
      ],
    );
  });
});
