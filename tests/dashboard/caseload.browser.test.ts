import type { Browser, Page } from 'playwright-core';
import { createDemoApi, type DemoApi } from '../../scripts/demo/demo-api';
import { PRACTICE_PROMPTS, STORIES } from '../../scripts/demo/demo-stories';
import { seedDemo, type SeedResult, type SeededCouple } from '../../scripts/demo/seed-demo';
import { launchChromium } from '../support/browser';
import { ensureDashboardBuilt, screenshotPath } from '../support/dashboard-build';
import { startLocalStack, type LocalStack } from '../support/local-stack';

// Functions given to page.evaluate run in the browser, where these exist. Declared
// here, in this module only, so the API's type check keeps its Node-only lib.
declare const sessionStorage: { clear(): void };
declare const document: { activeElement: { textContent: string | null } | null };
declare function getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string };
interface BrowserCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

interface CaseloadHealth {
  driftRisk: string;
  daysSinceLastReconnect: number | null;
}

// Java, the API and chromium share 2 busy cores: generous limits, never a measure of speed.
jest.setTimeout(180_000);

const CASELOAD_ORDER = `query($id: ID!) { practice(id: $id) { couples(orderBy: DRIFT_RISK, first: 50) { totalCount edges { node { couple { id health { driftRisk driftSignals daysSinceLastReconnect } } } } } } }`;
const SERIES = `query($id: ID!) { couple(id: $id) { health { closenessSeries(days: 90) { date } } } }`;
const OPEN_ASSIGNMENTS = `query($id: ID!) { couple(id: $id) { assignments(status: OPEN, first: 50) { edges { node { prompt { id text } note } } } } }`;
const REVOKE = `mutation($input: RevokeCareAccessInput!) { revokeCareAccess(input: $input) { active } }`;
const CREATE_PRACTICE = `mutation($input: CreatePracticeInput!) { createPractice(input: $input) { id } }`;

/**
 * The whole dashboard against a local server filled by the demo seed, in
 * headless Chromium, checked against what the public API says. Screenshots of
 * each screen go to test-results/dashboard/.
 */
describe('counselor dashboard (browser, seeded demo)', () => {
  let stack: LocalStack;
  let seed: SeedResult;
  let api: DemoApi;
  let browser: Browser;
  let page: Page;

  const couple = (key: string): SeededCouple => {
    const found = seed.couples.find((c) => c.key === key);
    if (!found) throw new Error(`No seeded couple ${key}`);
    return found;
  };

  async function signIn(sub: string, name: string): Promise<void> {
    await page.goto(`${stack.baseUrl}/dashboard/`);
    await page.getByLabel('Counselor id (token subject)').fill(sub);
    await page.getByLabel('Display name').fill(name);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-as').waitFor();
  }

  beforeAll(async () => {
    ensureDashboardBuilt();
    stack = await startLocalStack('dashboard-e2e');
    seed = await seedDemo({ baseUrl: stack.baseUrl });
    api = createDemoApi(stack.baseUrl, { [seed.counselor.sub]: seed.counselor.name });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('seeds a dozen couples on the caseload whose health shows every drift level and every signal, then puts the clock back', async () => {
    // act
    const caseload = await api.gql(seed.counselor.sub, CASELOAD_ORDER, { id: seed.practiceId });
    const entries: { couple: { id: string; health: { driftRisk: string; driftSignals: string[] } } }[] =
      caseload.practice.couples.edges.map((e: { node: unknown }) => e.node);

    // assert
    expect(caseload.practice.couples.totalCount).toBe(12);
    expect(new Set(entries.map((e) => e.couple.health.driftRisk))).toEqual(new Set(['HIGH', 'MEDIUM', 'LOW']));
    expect(new Set(entries.flatMap((e) => e.couple.health.driftSignals))).toEqual(
      new Set(['OVERDUE_RECONNECT', 'CLOSENESS_DECLINING', 'LOW_CLOSENESS', 'ONE_SIDED_PARTICIPATION', 'IGNORED_REMINDERS']),
    );
    expect(seed.couples.map((c) => ({ key: c.key, risk: c.health.driftRisk, signals: [...c.health.driftSignals].sort() }))).toEqual(
      seed.couples.map((c) => ({ key: c.key, risk: c.intent.risk, signals: [...c.intent.signals].sort() })),
    );
    expect(seed.couples).toHaveLength(STORIES.length);
    expect(stack.clock.shifted).toBe(false);
  });

  it('signs in and lists the caseload in the order the API gives, highest drift risk first', async () => {
    // act
    await signIn(seed.counselor.sub, seed.counselor.name);
    await page.locator('tr[data-couple-id]').first().waitFor();
    const rows = await page.$$eval('tr[data-couple-id]', (trs) =>
      trs.map((tr) => ({ id: tr.getAttribute('data-couple-id'), risk: tr.getAttribute('data-risk') })),
    );
    const fromApi = await api.gql(seed.counselor.sub, CASELOAD_ORDER, { id: seed.practiceId });
    await page.screenshot({ path: screenshotPath('caseload'), fullPage: true });

    // assert
    expect(rows.map((r) => r.id)).toEqual(
      fromApi.practice.couples.edges.map((e: { node: { couple: { id: string } } }) => e.node.couple.id),
    );
    const rank = { HIGH: 0, MEDIUM: 1, LOW: 2 } as Record<string, number>;
    const ranks = rows.map((r) => rank[r.risk ?? '']);
    expect(ranks).toEqual([...ranks].sort());
    expect(rows).toHaveLength(12);
    // Within a level, longest since the last reconnect first (the contract's DRIFT_RISK order); "never" is anchored at the
    // couple's start, which the API does not show, so only couples that did reconnect are compared.
    const health: CaseloadHealth[] = fromApi.practice.couples.edges.map(
      (e: { node: { couple: { health: CaseloadHealth } } }) => e.node.couple.health,
    );
    const sameLevelPairs = health
      .slice(1)
      .map((after, i) => ({ before: health[i]!, after }))
      .filter(
        ({ before, after }) =>
          before.driftRisk === after.driftRisk && before.daysSinceLastReconnect !== null && after.daysSinceLastReconnect !== null,
      );
    expect(sameLevelPairs.length).toBeGreaterThan(2);
    for (const { before, after } of sameLevelPairs)
      expect(before.daysSinceLastReconnect).toBeGreaterThanOrEqual(after.daysSinceLastReconnect!);
  });

  it('opens a couple with the keyboard and draws both partners’ closeness over 90 days, with a table as text alternative', async () => {
    // prepare
    const ana = couple('ana-ben');
    const series = await api.gql(seed.counselor.sub, SERIES, { id: ana.coupleId });
    const dates = new Set(series.couple.health.closenessSeries.map((p: { date: string }) => p.date));

    // act
    // Reach the couple's link with the keyboard (from the link before it), see its focus ring, open it with Enter.
    const links = page.locator('table.caseload tbody a');
    const anaRow = (await links.allTextContents()).indexOf('Ana & Ben');
    await links.nth(anaRow - 1).focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement!;
      return { text: element.textContent, outline: getComputedStyle(element).outlineStyle, width: getComputedStyle(element).outlineWidth };
    });
    await page.keyboard.press('Enter');
    const canvas = page.locator('[data-testid="closeness-chart"] canvas').first();
    await canvas.waitFor();
    const painted = await canvas.evaluate((element) => {
      const c = element as unknown as BrowserCanvas;
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      // Each partner's stroke colour (closeness-chart.tsx STYLES): both lines are on the canvas.
      const near = (i: number, [r, g, b]: number[]) =>
        Math.abs(pixels[i]! - r!) < 12 && Math.abs(pixels[i + 1]! - g!) < 12 && Math.abs(pixels[i + 2]! - b!) < 12 && pixels[i + 3]! > 200;
      let first = 0;
      let second = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (near(i, [0x1f, 0x5f, 0x8b])) first++;
        if (near(i, [0xb0, 0x47, 0x3a])) second++;
      }
      return { first, second };
    });
    const tableRows = await page.locator('.chart-table tbody tr').count();
    const summary = await page.locator('#closeness-summary').textContent();
    await page.screenshot({ path: screenshotPath('couple'), fullPage: true });

    // assert
    expect(anaRow).toBeGreaterThan(0);
    expect(focused).toEqual({ text: 'Ana & Ben', outline: 'solid', width: '3px' });
    expect(await canvas.getAttribute('aria-hidden')).toBe('true');
    expect(dates.size).toBeGreaterThan(5);
    expect(painted.first).toBeGreaterThan(50);
    expect(painted.second).toBeGreaterThan(50);
    expect(tableRows).toBe(dates.size);
    expect(summary).toMatch(/^Ana: \d+ days with ratings.*Ben: \d+ days with ratings/);
    expect(await page.locator('table.sessions tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-testid="done-assignments"] li').count()).toBe(1);
    expect(await page.locator('.reflections li').count()).toBeGreaterThan(0);
  });

  it('assigns a practice prompt from the couple page and lists it with the open assignments', async () => {
    // prepare
    const ana = couple('ana-ben');
    const prompt = PRACTICE_PROMPTS[1].text;

    // act
    await page.getByLabel('Prompt', { exact: true }).selectOption({ label: prompt });
    await page.getByLabel('Note for the couple (optional)').fill('Try this on Sunday.');
    await page.getByRole('button', { name: 'Assign prompt' }).click();
    await page.locator('[data-testid="open-assignments"] li', { hasText: prompt }).waitFor();
    const fromApi = await api.gql(seed.counselor.sub, OPEN_ASSIGNMENTS, { id: ana.coupleId });
    await page.screenshot({ path: screenshotPath('couple-assigned'), fullPage: true });

    // assert
    const open = fromApi.couple.assignments.edges.map((e: { node: { prompt: { text: string }; note: string | null } }) => e.node);
    expect(open).toContainEqual({ prompt: expect.objectContaining({ text: prompt }), note: 'Try this on Sunday.' });
    expect(await page.locator('[data-testid="open-assignments"] li', { hasText: prompt }).textContent()).toContain('Try this on Sunday.');
    // The couple's page refreshes in place: the form's confirmation stays.
    expect(await page.getByRole('status').filter({ hasText: 'Assigned:' }).textContent()).toBe(`Assigned: “${prompt}”`);
  });

  it('says plainly when a couple shares a summary only', async () => {
    // act
    await page.goto(`${stack.baseUrl}/dashboard/#/`);
    await page.getByRole('link', { name: 'Chloe & Dev' }).click();
    await page.locator('[data-state="summary-only"]').waitFor();
    // The chart is drawn after the page's state shows: wait for it, then check there is exactly one.
    await page.locator('[data-testid="closeness-chart"] canvas').first().waitFor();

    // assert
    expect(await page.locator('.reflections li').count()).toBe(0);
    expect(await page.locator('[data-testid="closeness-chart"] canvas').count()).toBe(1);
  });

  it('shows the practice’s members and prompts', async () => {
    // act
    await page.getByRole('link', { name: 'Practice', exact: true }).click();
    await page.locator('table.members').waitFor();
    const members = await page.locator('table.members tbody td:first-child').allTextContents();
    const prompts = await page.locator('table.prompts tbody td:first-child').allTextContents();
    await page.screenshot({ path: screenshotPath('practice'), fullPage: true });

    // assert
    expect(members.sort()).toEqual([seed.colleague.name, seed.counselor.name].sort());
    expect(prompts.sort()).toEqual(PRACTICE_PROMPTS.map((p) => p.text).sort());
  });

  it('drops a couple whose partner revoked the grant on the next load, and its page says it is no longer shared', async () => {
    // prepare
    const mia = couple('mia-noah');
    const partnerApi = createDemoApi(stack.baseUrl, { [mia.partners[1].sub]: mia.partners[1].name });
    await partnerApi.gql(mia.partners[1].sub, REVOKE, { input: { coupleId: mia.coupleId, practiceId: seed.practiceId } });

    // act
    await page.goto(`${stack.baseUrl}/dashboard/#/`);
    await page.reload();
    await page.locator('tr[data-couple-id]').first().waitFor();
    const ids = await page.$$eval('tr[data-couple-id]', (trs) => trs.map((tr) => tr.getAttribute('data-couple-id')));
    await page.screenshot({ path: screenshotPath('caseload-after-revoke'), fullPage: true });
    await page.goto(`${stack.baseUrl}/dashboard/#/couples/${encodeURIComponent(mia.coupleId)}`);
    await page.locator('[data-state="not-shared"]').waitFor();
    await page.screenshot({ path: screenshotPath('couple-revoked'), fullPage: true });

    // assert
    expect(ids).toHaveLength(11);
    expect(ids).not.toContain(mia.coupleId);
    expect(await page.locator('canvas').count()).toBe(0);
  });

  it('shows an empty caseload, and a counselor in no practice, as such', async () => {
    // prepare
    const newcomer = { sub: 'counselor-new', name: 'Robin Fox' };
    const newApi = createDemoApi(stack.baseUrl, { [newcomer.sub]: newcomer.name, 'counselor-none': 'Alex Kim' });
    await newApi.gql(newcomer.sub, CREATE_PRACTICE, { input: { name: 'Quiet Bay Therapy' } });

    // act
    await page.evaluate(() => sessionStorage.clear());
    await signIn(newcomer.sub, newcomer.name);
    await page.locator('[data-state="empty"]').waitFor();
    const emptyText = await page.locator('[data-state="empty"]').textContent();
    await page.screenshot({ path: screenshotPath('caseload-empty'), fullPage: true });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('counselor-none', 'Alex Kim');
    await page.locator('[data-screen="no-practice"]').waitFor();

    // assert
    expect(emptyText).toMatch(/No couples on your caseload yet/);
    expect(await page.locator('[data-screen="no-practice"]').textContent()).toMatch(/not a member of any practice/);
  });
});
