import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFullDate, formatTimeAgo } from './relativeDate';

const minute = 60_000;
const day = 24 * 60 * minute;
const now = Date.UTC(2026, 11, 7, 12, 0);

test('how long ago reads in whole units, the largest that fits', () => {
  assert.equal(formatTimeAgo(now - 20_000, now, 'en'), 'just now');
  assert.equal(formatTimeAgo(now - 5 * minute, now, 'en'), '5 minutes ago');
  assert.equal(formatTimeAgo(now - day - minute, now, 'en'), 'yesterday');
  assert.equal(formatTimeAgo(now - 3 * day, now, 'en'), '3 days ago');
  assert.equal(formatTimeAgo(now - 400 * day, now, 'en'), 'last year');
});

test('a time in the future (a clock set back) reads as just now, never "in 3 days"', () => {
  assert.equal(formatTimeAgo(now + 3 * day, now, 'en'), 'just now');
});

test('the full date names the day and the time', () => {
  assert.match(formatFullDate(now, 'en'), /2026/);
  assert.match(formatFullDate(now, 'en'), /December/);
});
