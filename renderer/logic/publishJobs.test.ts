import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublishJobSummary } from '../../core/api/appApi';
import {
  pathsFromText,
  pathsFromUriList,
  publishCounts,
  publishFraction,
  publishJobMessage,
  withPublishJob,
  withPublishJobs,
} from './publishJobs';

const job = (id: string, step: PublishJobSummary['step'], extra: Partial<PublishJobSummary> = {}) =>
  ({
    id,
    fileName: `${id}.flac`,
    title: id,
    priceWei: '10000000000000000',
    step,
    bytesDone: 0,
    bytesTotal: 0,
    message: `${step} ${id}`,
    chainTrackId: null,
    failureReason: null,
    ...extra,
  }) satisfies PublishJobSummary;

describe('publish list reduction', () => {
  it('keeps each job in its place and appends new ones', () => {
    let jobs = withPublishJobs([], [job('a', 'queued'), job('b', 'queued')]);
    jobs = withPublishJob(jobs, job('b', 'encrypted'));
    jobs = withPublishJob(jobs, job('c', 'queued'));
    assert.deepEqual(
      jobs.map((j) => `${j.id}:${j.step}`),
      ['a:queued', 'b:encrypted', 'c:queued'],
    );
  });

  it('ignores a late report of an earlier step or fewer bytes', () => {
    let jobs = withPublishJob([], job('a', 'audio-added'));
    jobs = withPublishJob(jobs, job('a', 'encrypted'));
    assert.equal(jobs[0]?.step, 'audio-added');
    jobs = withPublishJob([], job('a', 'queued', { bytesDone: 50, bytesTotal: 100 }));
    jobs = withPublishJob(jobs, job('a', 'queued', { bytesDone: 20, bytesTotal: 100 }));
    assert.equal(jobs[0]?.bytesDone, 50);
    jobs = withPublishJob([job('a', 'done')], job('a', 'key-deposited'));
    assert.equal(jobs[0]?.step, 'done');
  });

  it('fills the bar by steps and bytes, and counts outcomes', () => {
    const fractions = [
      job('a', 'queued'),
      job('a', 'queued', { bytesDone: 50, bytesTotal: 100 }),
      job('a', 'encrypted'),
      job('a', 'tx-recorded'),
      job('a', 'key-deposited'),
      job('a', 'done'),
    ].map(publishFraction);
    assert.deepEqual(
      fractions,
      [...fractions].sort((a, b) => a - b),
    );
    assert.equal(fractions.at(-1), 1);
    assert.deepEqual(publishCounts([job('a', 'done'), job('b', 'failed'), job('c', 'encrypted')]), {
      done: 1,
      failed: 1,
      running: 1,
    });
  });

  it('shows the failure reason of a failed job', () => {
    assert.equal(
      publishJobMessage(job('a', 'failed', { failureReason: 'The chain refused it.' })),
      'The chain refused it.',
    );
    assert.equal(publishJobMessage(job('a', 'encrypted', { message: '' })), 'Encrypted');
  });
});

describe('paths for publishing', () => {
  it('reads typed paths one per line', () => {
    assert.deepEqual(pathsFromText(' /a.wav\n\n/b.wav\r\n/a.wav '), ['/a.wav', '/b.wav']);
  });

  it('reads file URLs from a uri-list drop', () => {
    assert.deepEqual(
      pathsFromUriList(
        '# comment\r\nfile:///tmp/My%20Song.wav\r\nhttps://example.org/x\r\nfile:///tmp/b.flac',
      ),
      ['/tmp/My Song.wav', '/tmp/b.flac'],
    );
  });
});
