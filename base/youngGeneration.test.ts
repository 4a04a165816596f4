import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

/** The young generation's size after a burst of short-lived allocations, in a fresh Node. */
function youngGenerationMbAfterBurst(keepSmall: boolean): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { keepYoungGenerationSmall } from './base/youngGeneration.ts';
    if (${keepSmall}) keepYoungGenerationSmall();
    let kept = [];
    for (let index = 0; index < 2_000_000; index += 1) {
      kept.push({ index, text: 'row ' + index });
      if (kept.length > 50_000) kept = [];
    }
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    console.log(young.space_size / 1048576);
  `;
  const child = spawnSync(
    process.execPath,
    ['--experimental-strip-types', '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(child.status, 0, child.stderr);
  return Number(child.stdout.trim());
}

describe('the young generation of an idle host', () => {
  it('stays at its starting size through a burst that grows it otherwise', () => {
    assert.ok(youngGenerationMbAfterBurst(false) > 8, 'V8 grows it by default: the burst is big enough');
    assert.ok(youngGenerationMbAfterBurst(true) <= 2);
  });
});
