// The unit tests of pure logic run in Node (node:test), not in the page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createPageCache,
  invalidated,
  itemAt,
  pagesForRange,
  pagesToFetch,
  reset,
  withPage,
} from './pageCache';

const page = (start: number, count: number) => Array.from({ length: count }, (_, i) => `track ${start + i}`);

describe('pagesForRange', () => {
  it('covers a range with whole pages', () => {
    assert.deepEqual(pagesForRange(200, 0, 0), [0]);
    assert.deepEqual(pagesForRange(200, 150, 450), [0, 1, 2]);
    assert.deepEqual(pagesForRange(200, 10, 5), []);
  });
});

describe('page cache', () => {
  it('asks for missing pages and serves stored items', () => {
    let cache = createPageCache<string>(200, 10);
    assert.deepEqual(pagesToFetch(cache, 0, 250), [0, 1]);
    cache = withPage(cache, 0, 0, 1000, page(0, 200));
    assert.deepEqual(pagesToFetch(cache, 0, 250), [1]);
    assert.equal(itemAt(cache, 5), 'track 5');
    assert.equal(itemAt(cache, 205), undefined);
    assert.equal(cache.total, 1000);
  });

  it('does not ask past the end of the list', () => {
    const cache = withPage(createPageCache<string>(200, 10), 0, 0, 250, page(0, 200));
    assert.deepEqual(pagesToFetch(cache, 0, 5000), [1]);
  });

  it('drops answers from an older generation', () => {
    const cache = reset(createPageCache<string>(200, 10));
    assert.equal(withPage(cache, 0, 0, 10, page(0, 10)), cache);
  });

  it('keeps showing old pages after invalidation but refetches them', () => {
    let cache = withPage(createPageCache<string>(200, 10), 0, 0, 1000, page(0, 200));
    cache = invalidated(cache);
    assert.equal(itemAt(cache, 3), 'track 3');
    assert.deepEqual(pagesToFetch(cache, 0, 10), [0]);
    cache = withPage(cache, 0, cache.generation, 1000, page(1000, 200));
    assert.equal(itemAt(cache, 3), 'track 1003');
    assert.deepEqual(pagesToFetch(cache, 0, 10), []);
  });

  it('refetches the first page of an empty list after it changes', () => {
    let cache = withPage(createPageCache<string>(200, 10), 0, 0, 0, []);
    assert.deepEqual(pagesToFetch(cache, 0, 0), []);
    assert.equal(cache.total, 0);
    cache = invalidated(cache);
    assert.deepEqual(pagesToFetch(cache, 0, 0), [0]);
    assert.deepEqual(pagesToFetch(cache, 0, 300), [0]);
  });

  it('forgets everything on reset', () => {
    const cache = reset(withPage(createPageCache<string>(200, 10), 0, 0, 1000, page(0, 200)));
    assert.equal(itemAt(cache, 3), undefined);
    assert.equal(cache.total, null);
  });

  it('evicts the pages farthest from the latest one', () => {
    let cache = createPageCache<string>(10, 3);
    for (const n of [0, 1, 2, 9]) cache = withPage(cache, n, 0, 1000, page(n * 10, 10));
    assert.deepEqual(
      [...cache.pages.keys()].sort((a, b) => a - b),
      [1, 2, 9],
    );
  });

  it('drops pages past the end when the list shrinks', () => {
    let cache = withPage(createPageCache<string>(10, 10), 5, 0, 100, page(50, 10));
    cache = withPage(invalidated(cache), 0, 1, 20, page(0, 10));
    assert.deepEqual([...cache.pages.keys()], [0]);
  });
});
