/**
 * A cache of fixed-size pages of a long list (the library's tracks), as plain immutable data.
 * Pages are tagged with the generation they were fetched in: after the library changes the
 * generation moves on, old pages keep showing until their replacement arrives, and answers
 * to requests from an older generation are dropped.
 */

export interface CachedPage<T> {
  items: readonly T[];
  generation: number;
}

export interface PageCache<T> {
  pageSize: number;
  /** How many pages to keep at most; the ones farthest from the latest page go first. */
  maxPages: number;
  generation: number;
  /** Items in the whole list, once a page has said so. */
  total: number | null;
  pages: ReadonlyMap<number, CachedPage<T>>;
}

export function createPageCache<T>(pageSize: number, maxPages: number): PageCache<T> {
  return { pageSize, maxPages, generation: 0, total: null, pages: new Map() };
}

/** Page numbers covering items first..last (inclusive). */
export function pagesForRange(pageSize: number, first: number, last: number): number[] {
  if (last < first || last < 0) return [];
  const pages: number[] = [];
  for (let page = Math.floor(Math.max(0, first) / pageSize); page <= Math.floor(last / pageSize); page += 1) {
    pages.push(page);
  }
  return pages;
}

/** Pages covering first..last that are missing or from an older generation. */
export function pagesToFetch<T>(cache: PageCache<T>, first: number, last: number): number[] {
  const lastItem = cache.total == null ? last : Math.min(last, cache.total - 1);
  // An empty (or shrunken) list still needs its first page: that answer says how long it is now.
  const wanted = lastItem < first ? [0] : pagesForRange(cache.pageSize, first, lastItem);
  return wanted.filter((page) => cache.pages.get(page)?.generation !== cache.generation);
}

/** Stores a fetched page; answers to an older generation leave the cache as it is. */
export function withPage<T>(
  cache: PageCache<T>,
  page: number,
  generation: number,
  total: number,
  items: readonly T[],
): PageCache<T> {
  if (generation !== cache.generation) return cache;
  const pages = new Map(cache.pages);
  pages.set(page, { items, generation });
  // A shrunken list leaves pages past its end: they would show tracks that are gone.
  const lastPage = Math.max(0, Math.ceil(total / cache.pageSize) - 1);
  for (const key of pages.keys()) if (key > lastPage) pages.delete(key);
  if (pages.size > cache.maxPages) {
    const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
    for (const key of byDistance.slice(0, pages.size - cache.maxPages)) pages.delete(key);
  }
  return { ...cache, total, pages };
}

/** The item at a list index, or undefined while its page is not loaded. */
export function itemAt<T>(cache: PageCache<T>, index: number): T | undefined {
  return cache.pages.get(Math.floor(index / cache.pageSize))?.items[index % cache.pageSize];
}

/** The same list changed (an import): keep showing what we have, but refetch it. */
export function invalidated<T>(cache: PageCache<T>): PageCache<T> {
  return { ...cache, generation: cache.generation + 1 };
}

/** A different list (a new search or view): forget everything. */
export function reset<T>(cache: PageCache<T>): PageCache<T> {
  return { ...cache, generation: cache.generation + 1, total: null, pages: new Map() };
}
