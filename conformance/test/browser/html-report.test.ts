import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../contract/src/index.js';
import { renderHtml } from '../../src/index.js';
import { documentedResponses, hostileRun, HOSTILE_MARKUP, type HostileRun } from '../support/hostile-report-run.js';

/** Debian's `chromium` package; CHROMIUM_PATH points elsewhere. Nothing here downloads a browser. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The page and its screenshots, kept for review (gitignored). */
const ARTIFACTS = join(packageRoot(), 'artifacts');

/** The browser, or a failure saying how to get it: CI installs it, so its absence is an error, not a skip. */
function chromiumPath(): string {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: npm run test:browser needs a real browser. Install Debian's package with ` +
        `"apt-get install chromium", or set CHROMIUM_PATH to a Chromium executable.`,
    );
  return CHROMIUM;
}

/** Evaluated in the page (the tests are compiled without the DOM's types). */
const BODY_BACKGROUND = 'getComputedStyle(document.body).backgroundColor';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the HTML report in a real headless Chromium', () => {
  let run: HostileRun;
  let browser: Browser | undefined;
  let page: Page;
  let fileUrl: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const executablePath = chromiumPath();
    // The whole catalogue against the faulty, hostile server: passes, failures and skips on one page.
    run = await hostileRun({});
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'report.html');
    writeFileSync(file, renderHtml(run.report));
    fileUrl = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath });
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: 'light' });
    // Anything but the file itself is recorded (the request event) and refused: no byte leaves the machine.
    await context.route('**/*', (route) => (route.request().url() === fileUrl ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on('request', (r) => void requests.push(r.url()));
    page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
    page.on('pageerror', (e) => void consoleErrors.push(e.message));
    await page.goto(fileUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders without console errors and requests nothing but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([fileUrl]);
  });

  it('shows the summary with the verdict', async () => {
    expect(run.report.summary.failed).toBeGreaterThan(0);
    await expect(page.locator('#verdict').innerText()).resolves.toBe('✘ FAILED');
    expect(await page.locator('#summary').isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^FAILED: conformance of http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('draws one grid cell per documented response, with failed, observed and not observed cells', async () => {
    const cells = page.locator('#coverage-grid td.cell');
    expect(await cells.count()).toBe(documentedResponses().length);
    for (const state of ['failed', 'observed', 'not-observed'])
      expect(await page.locator(`#coverage-grid td.cell[data-state="${state}"]`).count(), state).toBeGreaterThan(0);
    expect(await page.locator('#coverage-grid').isVisible()).toBe(true);
  });

  it('shows every failed check with its rule text, response and curl command', async () => {
    const failed = run.report.checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.id)).toEqual(expect.arrayContaining(['no-store', 'http-contract', 'positive-names']));
    for (const c of failed) {
      const section = page.locator(`section.failure#check-${c.id}`);
      expect(await section.isVisible(), c.id).toBe(true);
      if (c.ruleText)
        expect((await section.locator('blockquote.rule-text').innerText()).replace(/\s+/g, ' ')).toBe(
          c.ruleText.replace(/\s+/g, ' ').trim(),
        );
    }
    const noStore = page.locator('section.failure#check-no-store');
    expect(await noStore.locator('pre.curl').first().isVisible()).toBe(true);
    expect(await noStore.locator('pre.curl').first().innerText()).toContain('"X-API-Key: $APIKEYS_KIT_API_KEY"');
    expect(await noStore.locator('pre.body').first().innerText()).toMatch(/<created-key-\d+>/);
  });

  it('shows hostile markup from a response as text, and nothing of it runs or loads', async () => {
    const violation = page.locator('details.violation', { has: page.locator('pre.body', { hasText: HOSTILE_MARKUP }) });
    const first = violation.first();
    if ((await first.getAttribute('open')) === null) await first.locator('summary').click();
    const body = first.locator('pre.body', { hasText: HOSTILE_MARKUP });
    expect(await body.isVisible()).toBe(true);
    expect(await body.innerText()).toContain(HOSTILE_MARKUP);
    expect(await page.locator('script, img, iframe, object, embed, link, [onerror]').count()).toBe(0);
    expect(await page.title()).not.toContain('pwned');
  });

  it('contains neither the API key nor a created key', async () => {
    const text = (await page.content()).toLowerCase();
    expect(text).not.toContain(run.apiKey.toLowerCase());
    expect(run.createdKeys.length).toBeGreaterThan(5);
    for (const k of run.createdKeys) expect(text).not.toContain(k.slice(0, 12));
  });

  it('collapses all but the first violations of a check on screen, and prints them all', async () => {
    const collapsed = page.locator('details.violation:not([open]) > div').first();
    expect(await page.locator('details.violation:not([open])').count()).toBeGreaterThan(0);
    expect(await collapsed.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await collapsed.isVisible()).toBe(true);
    await page.emulateMedia({ media: null });
  });

  it('writes full-page screenshots (light and dark) and a PDF print for review', async () => {
    const light = join(ARTIFACTS, 'report.png');
    await page.screenshot({ path: light, fullPage: true });
    expect(readFileSync(light).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const lightBg = await page.evaluate<string>(BODY_BACKGROUND);
    await page.emulateMedia({ colorScheme: 'dark' });
    const darkBg = await page.evaluate<string>(BODY_BACKGROUND);
    expect(darkBg).not.toBe(lightBg);
    await page.screenshot({ path: join(ARTIFACTS, 'report-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    const pdf = await page.pdf({ path: join(ARTIFACTS, 'report.pdf'), printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    process.stdout.write(`HTML report and screenshots for review: ${ARTIFACTS}/report.{html,png,pdf}\n`);
  });
});
