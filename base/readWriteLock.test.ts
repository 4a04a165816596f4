import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadWriteLock } from './readWriteLock';

function gate(): { open: () => void; opened: Promise<void> } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('ReadWriteLock', () => {
  it('runs shared holders together, the exclusive one alone, in arrival order', async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const firstShared = gate();
    const sharedA = lock.shared(async () => {
      events.push('shared A start');
      await firstShared.opened;
      events.push('shared A end');
    });
    const sharedB = lock.shared(async () => {
      events.push('shared B start');
    });
    const exclusive = lock.exclusive(async () => {
      events.push('exclusive');
    });
    // Arrived after the exclusive holder: waits for it rather than joining shared A.
    const sharedC = lock.shared(async () => {
      events.push('shared C');
    });
    await sharedB;
    assert.deepEqual(events, ['shared A start', 'shared B start']);
    firstShared.open();
    await Promise.all([sharedA, exclusive, sharedC]);
    assert.deepEqual(events, ['shared A start', 'shared B start', 'shared A end', 'exclusive', 'shared C']);
  });

  it('releases the lock when the work throws', async () => {
    const lock = new ReadWriteLock();
    await assert.rejects(
      lock.exclusive(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await lock.shared(async () => 'free again'), 'free again');
  });
});
