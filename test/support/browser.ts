import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const screenshotDir = new URL('../../test-results/console/', import.meta.url).pathname;
export const widths = { laptop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

/** Debian's Chromium, headless, kept off the network it cannot reach. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env['KABAR_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** The serious and critical axe-core violations of the page as it stands (WCAG 2.1 A and AA rules, and best practices). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations)")) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact ?? ''}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * Looks at the page as a person would at a laptop and at a phone width: a screenshot of each under
 * test-results/console/, and the serious or critical axe-core violations found at either width.
 */
export async function inspectPage(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const [label, size] of Object.entries(widths)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${screenshotDir}${name}-${label}.png`, fullPage: true });
    found.push(...(await seriousViolations(page)).map((violation) => `${name} at ${label} width: ${violation}`));
  }
  await page.setViewportSize(widths.laptop);
  return found;
}
