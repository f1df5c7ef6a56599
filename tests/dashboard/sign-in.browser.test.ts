import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ensureDashboardBuilt, screenshotPath } from '../support/dashboard-build';
import { httpRequest } from '../support/http-request';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { tokenFor } from '../support/tokens';

/**
 * The dashboard as the local run serves it, in headless Chromium: the page,
 * local sign-in, and what a counselor sees when the token is no longer good.
 */
// Functions given to page.evaluate run in the browser, where these exist. Declared
// here, in this module only, so the API's type check keeps its Node-only lib.
declare const document: { activeElement: { id: string } | null };
declare function getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string };
declare const sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };

// A busy 2-core machine runs java, the API and chromium at once: generous, never a measure of speed.
jest.setTimeout(120_000);

describe('dashboard sign-in (browser)', () => {
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    stack = await startLocalStack('dashboard-sign-in');
    browser = await launchChromium();
  }, 120_000);

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  });

  afterEach(async () => {
    await page?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('is served under /dashboard/ with its config and a same-origin content security policy', async () => {
    // act
    const redirect = await httpRequest(`${stack.baseUrl}/dashboard`);
    const index = await httpRequest(`${stack.baseUrl}/dashboard/`);
    const config = await httpRequest(`${stack.baseUrl}/dashboard/config.json`);

    // assert
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/dashboard/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(index.body.toString()).toContain('/dashboard/assets/index.js');
    expect(config.json).toMatchObject({ graphqlUrl: '/graphql', auth: { mode: 'local', tokenUrl: '/local/token' } });
  });

  it('shows the sign-in form, usable with the keyboard, with a visible focus ring', async () => {
    // act
    await page.goto(`${stack.baseUrl}/dashboard/`);
    await page.getByRole('heading', { name: 'Counselor dashboard' }).waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement!;
      return { id: element.id, outline: getComputedStyle(element).outlineStyle, width: getComputedStyle(element).outlineWidth };
    });
    await page.screenshot({ path: screenshotPath('sign-in'), fullPage: true });

    // assert
    expect(focused).toEqual({ id: 'sub', outline: 'solid', width: '3px' });
    expect(await page.getByLabel('Counselor id (token subject)').inputValue()).toBe('demo-counselor');
  });

  it('signs in with a local token and shows who is signed in', async () => {
    // act
    await page.goto(`${stack.baseUrl}/dashboard/`);
    await page.getByLabel('Counselor id (token subject)').fill('counselor-jo');
    await page.getByLabel('Display name').fill('Jo Rivera');
    await page.getByLabel('Display name').press('Enter');
    await page.getByTestId('signed-in-as').waitFor();

    // assert
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Jo Rivera');
    const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('reconnect.dashboard.session') ?? 'null'));
    expect(stored.accessToken).toMatch(/^ey/);
  });

  it('sends a counselor whose token the API refuses as expired back to sign-in, saying why', async () => {
    // prepare: a token that expired an hour ago, stored as if it were still good
    const expired = await tokenFor('counselor-jo', { name: 'Jo Rivera', expiresIn: -3600 });
    await page.goto(`${stack.baseUrl}/dashboard/`);
    // The app reads the stored session once, when it starts (after config.json arrives, which can be after "load"):
    // store the token only once this first page has started, or it would use (and clear) it before the reload.
    await page.getByRole('heading', { name: 'Counselor dashboard' }).waitFor();
    await page.evaluate((token) => {
      sessionStorage.setItem('reconnect.dashboard.session', JSON.stringify({ accessToken: token, expiresAt: Date.now() + 3_600_000 }));
    }, expired);

    // act
    await page.reload();
    const notice = page.locator('[data-notice="session"]');
    await notice.waitFor();
    await page.screenshot({ path: screenshotPath('expired-token'), fullPage: true });

    // assert
    expect(await notice.textContent()).toMatch(/session has expired/);
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('reconnect.dashboard.session'))).toBeNull();
  });
});
