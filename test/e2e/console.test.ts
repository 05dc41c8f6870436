/**
 * The console in a real browser (Debian's Chromium through playwright-core) against a real Kabar:
 * one browser and one Kabar for the file, pages reused. Time moves only with the simulated clock.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../support/console-build.js';
import { inspectPage, launchChromium, widths } from '../support/browser.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { createUser, secondBusiness, testPassword } from '../support/console-users.js';

const customer = { waId: '6281234567890', name: 'Siti' };

const chromiumPath = process.env['KABAR_CHROMIUM'] ?? '/usr/bin/chromium';
// CI installs Chromium (.ci/run) and must run these; elsewhere they wait for `apt-get install chromium`.
const noBrowser = !existsSync(chromiumPath) && (process.env['CI'] === undefined || process.env['CI'] === 'false');

describe.skipIf(noBrowser)('the web console', () => {
  let kabar: RunningKabar;
  let browser: Browser;
  let owner: Page;
  let ownerPassword: string;
  const violations: string[] = [];

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${kabar.baseUrl}/`);
    await page.getByLabel(/^E-mail address/).fill(email);
    await page.locator('input[type=password]').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Overview', level: 2 }).waitFor();
  }

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: widths.laptop, bypassCSP: true, locale: 'en-GB', reducedMotion: 'reduce' });
    return { context, page: await context.newPage() };
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    kabar = await listenKabar('sqlite');
    ownerPassword = (await kabar.kabar.services.ensureDemoOwner(kabar.demo.businessId, undefined)).password ?? '';
    await createUser(kabar, { businessId: kabar.demo.businessId, email: 'agent@demo.test', role: 'agent' });
    const other = await secondBusiness(kabar);
    await createUser(kabar, { businessId: other.businessId, email: 'owner@lain.test', role: 'owner' });
    browser = await launchChromium();
    ({ page: owner } = await newPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await kabar?.close();
    await kabar?.database.cleanup();
  });

  it('signs in as the demo owner printed at start, and the sign-in page passes axe', { timeout: 60_000 }, async () => {
    await owner.goto(`${kabar.baseUrl}/`);
    await owner.getByRole('heading', { name: 'Sign in to Kabar' }).waitFor();
    violations.push(...(await inspectPage(owner, 'sign-in')));
    await signIn(owner, 'owner@demo.kabar.local', ownerPassword);
    await owner.getByText('+15550100000').first().waitFor();
    expect(await owner.getByText('Connected').count()).toBeGreaterThan(0);
  });

  it('shows a simulated customer’s message in the message log, live, and the owner’s reply on the phone with its ticks', { timeout: 90_000 }, async () => {
    await owner.getByRole('link', { name: 'Phone simulator' }).click();
    await owner.getByLabel(/^WhatsApp number/).fill(customer.waId);
    await owner.getByLabel('Profile name').fill(customer.name);
    await owner.getByRole('button', { name: 'Create customer' }).click();
    const phone = owner.getByRole('region', { name: `Phone of ${customer.name}` });
    await phone.waitFor();
    await owner.getByLabel(`Message as ${customer.name}`).fill('Halo, ada stok?');
    await owner.getByRole('button', { name: 'Send', exact: true }).click();
    await phone.getByText('Halo, ada stok?').waitFor();

    await owner.getByRole('link', { name: 'Messages' }).click();
    await owner.getByRole('button', { name: /Halo, ada stok\?/ }).waitFor();
    // Live: a message that arrives while the log is open appears without a reload.
    await kabar.operator('POST', '/sim/messages', { from: customer.waId, text: 'Masih buka?' });
    await owner.getByRole('button', { name: /Masih buka\?/ }).waitFor();

    await owner.getByRole('button', { name: /Halo, ada stok\?/ }).click();
    const drawer = owner.getByRole('dialog');
    await drawer.getByText('Status timeline').waitFor();
    await drawer.getByLabel(`Reply to +${customer.waId}`).fill('Ada, kak!');
    await drawer.getByRole('button', { name: 'Send reply' }).click();
    await drawer.getByText('Sent.').waitFor();
    await owner.keyboard.press('Escape');

    await owner.getByRole('link', { name: 'Phone simulator' }).click();
    // The first (here the only) simulated customer opens by itself.
    await phone.waitFor();
    // The clock stands still in this test: the reply reaches the phone once simulated time moves on.
    await owner.getByRole('button', { name: '+1m' }).click();
    const reply = phone.locator('li', { hasText: 'Ada, kak!' });
    await reply.waitFor();
    await reply.getByRole('img', { name: 'Read' }).waitFor();
    expect(await reply.getAttribute('data-status')).toBe('read');
  });

  it('lints a bad template, takes the fix, submits it, and shows it approved after the clock moves', { timeout: 90_000 }, async () => {
    await owner.getByRole('link', { name: 'Templates' }).click();
    await owner.getByRole('heading', { name: 'New template' }).waitFor();
    await owner.getByLabel(/^Name/).fill('pesanan_siap');
    await owner.getByLabel(/^Body/).fill('{{1}}');
    await owner.getByText('Blocks submission').first().waitFor();
    await owner.getByLabel(/^Body/).fill('Halo {{1}}, pesanan Anda sudah siap diambil di toko kami hari ini. Terima kasih sudah berbelanja.');
    await owner.getByLabel(/^Examples for the variables/).fill('Siti');
    // The button is enabled once the linter finds nothing that blocks a submission.
    await owner.getByRole('button', { name: 'Submit for review' }).click();
    await owner.getByText(/^Submitted: PENDING/).waitFor();
    await owner.getByRole('link', { name: 'Phone simulator' }).click();
    await owner.getByRole('button', { name: '+1h' }).click();
    await owner.getByText(/Done: \d+ statuses applied, [1-9]\d* timers run/).waitFor();
    await owner.getByRole('link', { name: 'Templates' }).click();
    await owner.getByRole('row', { name: /pesanan_siap.*APPROVED/ }).waitFor();
  });

  it('switches to Indonesian, remembers it across a reload, and switches back', { timeout: 60_000 }, async () => {
    await owner.getByRole('radiogroup', { name: 'Language' }).getByText('ID', { exact: true }).click();
    await owner.getByRole('link', { name: 'Ringkasan' }).waitFor();
    await owner.reload();
    await owner.getByRole('link', { name: 'Pengaturan' }).waitFor();
    expect(await owner.evaluate('document.documentElement.lang')).toBe('id');
    await owner.getByRole('radiogroup', { name: 'Bahasa' }).getByText('EN', { exact: true }).click();
    await owner.getByRole('link', { name: 'Settings' }).waitFor();
    expect(await owner.evaluate('document.documentElement.lang')).toBe('en');
  });

  it('takes screenshots at both widths and finds no serious or critical axe violation on any page', { timeout: 180_000 }, async () => {
    const pages = [
      ['overview', 'Overview'],
      ['simulator', 'Phone simulator'],
      ['messages', 'Messages'],
      ['numbers', 'Numbers'],
      ['templates', 'Templates'],
      ['contacts', 'Contacts'],
      ['settings', 'Settings'],
    ] as const;
    for (const [path, heading] of pages) {
      await owner.goto(`${kabar.baseUrl}/console/${path}`);
      await owner.getByRole('heading', { name: heading, level: 2 }).waitFor();
      await owner.waitForLoadState('networkidle').catch(() => undefined);
      violations.push(...(await inspectPage(owner, path)));
    }
    for (const tab of ['API keys', 'Apps and webhooks', 'Policy profiles', 'Audit log']) {
      await owner.getByRole('tab', { name: tab }).click();
      await owner.getByRole('tabpanel').waitFor();
      violations.push(...(await inspectPage(owner, `settings-${tab.toLowerCase().replaceAll(' ', '-')}`)));
    }
    await owner.goto(`${kabar.baseUrl}/console/messages`);
    await owner.getByRole('button', { name: /Halo, ada stok\?/ }).click();
    await owner.getByRole('dialog').getByText('Webhooks it caused').waitFor();
    violations.push(...(await inspectPage(owner, 'message-detail')));
    expect(violations).toEqual([]);
  });

  it('keeps Settings from an agent', { timeout: 60_000 }, async () => {
    const { context, page } = await newPage();
    await signIn(page, 'agent@demo.test', testPassword);
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await page.goto(`${kabar.baseUrl}/console/settings`);
    await page.getByRole('alert').getByText('Not for your role').waitFor();
    await context.close();
  });

  it('shows a user of another business nothing of the first', { timeout: 60_000 }, async () => {
    const { context, page } = await newPage();
    await signIn(page, 'owner@lain.test', testPassword);
    expect(await page.getByText('+15550100000').count()).toBe(0);
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByText('No messages').waitFor();
    await page.getByRole('link', { name: 'Phone simulator' }).click();
    await page.getByRole('combobox', { name: 'Customer' }).click();
    expect(await page.getByRole('option', { name: new RegExp(customer.name) }).count()).toBe(0);
    const invitation = await kabar.operator('POST', '/admin/invitations', { business_id: kabar.demo.businessId, email: 'new@demo.test', role: 'agent' }) as { link: string };
    await page.goto(invitation.link.replace(/^http:\/\/[^/]+/, kabar.baseUrl));
    await page.getByRole('heading', { name: 'Join Kabar' }).waitFor();
    await page.getByText(/You are invited to Kabar Demo/).waitFor();
    violations.push(...(await inspectPage(page, 'invitation')));
    expect(violations).toEqual([]);
    await context.close();
  });

});
