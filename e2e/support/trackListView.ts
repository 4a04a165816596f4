/** The parts of Busker's page the end-to-end journeys read: the track grid and now playing. */
import type { Locator, Page } from 'playwright-core';
import type { E2eSession } from './browserSession';

export function trackGrid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Tracks' });
}

/** The track rows, without the header row. */
export function trackRows(page: Page): Locator {
  return trackGrid(page)
    .getByRole('row')
    .filter({ hasNot: page.getByRole('columnheader') });
}

export function nowPlayingTitle(page: Page): Locator {
  return page.getByTestId('now-playing-title');
}

/** The titles of the rows on screen, in list order, once the first has loaded. */
export async function rowTitles(page: Page): Promise<string[]> {
  await trackRows(page).first().waitFor();
  return trackRows(page).evaluateAll((elements) =>
    elements.map((row) => row.querySelector('.track-row__title')?.textContent?.trim() ?? ''),
  );
}

/**
 * Imports `folder` through the app API, reloads the page and waits until its `trackCount` rows are
 * all listed; answers their titles in list order.
 */
export async function importAndList(
  { page, backend }: Pick<E2eSession, 'page' | 'backend'>,
  folder: string,
  trackCount: number,
): Promise<string[]> {
  await backend.api.importFolder(folder);
  await page.reload();
  await trackRows(page)
    .nth(trackCount - 1)
    .waitFor();
  return rowTitles(page);
}
