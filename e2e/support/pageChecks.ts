/**
 * Checks every end-to-end test can run on whatever view it has open: axe-core's accessibility
 * rules (serious and critical violations fail) and a screenshot kept under
 * .test-results/screenshots/ as a test artifact.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const screenshotDir = resolve('.test-results/screenshots');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

let axeSource: Promise<string> | undefined;

function loadAxeSource(): Promise<string> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations, one
 * line each ("color-contrast: Elements must meet minimum color contrast ratio (2 nodes: .a, .b)").
 * The script is evaluated over the DevTools protocol, which the page's CSP does not govern.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Judged as the user sees it once still: a dialog fading in has, for 160 ms, the contrast of a
  // half-transparent one. Animations that never end (a spinner) are not waited for.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  await page.evaluate(await loadAxeSource());
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  })) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.length} nodes: ` +
        `${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
}

/** Saves a screenshot of the whole page as .test-results/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
