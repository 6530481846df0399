import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { formatHtml } from '../../src/report/html.js';
import { clinicContext, clinicResult, GOLDEN_NOW, GOLDEN_TOOL } from '../report/golden.js';
import { REPO_ROOT } from '../support/corpus.js';

/** The part of playwright-core this test uses; imported by name so the build does not need the package. */
interface Page {
  on(event: 'console', f: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', f: (e: Error) => void): void;
  goto(url: string): Promise<unknown>;
  locator(selector: string): {
    count(): Promise<number>; textContent(): Promise<string | null>; fill(v: string): Promise<void>; selectOption(v: string): Promise<unknown>; click(): Promise<void>;
    first(): { scrollIntoViewIfNeeded(): Promise<void> };
  };
  screenshot(o: { path: string; fullPage: boolean }): Promise<unknown>;
  evaluate<T>(f: () => T): Promise<T>;
}
interface Browser { newPage(o?: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } }): Promise<Page>; close(): Promise<void> }
interface Playwright { chromium: { launch(o: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> } }

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const PLAYWRIGHT = 'playwright-core';

async function browserOrSkip(t: TestContext): Promise<Browser | undefined> {
  let pw: Playwright | undefined;
  try {
    pw = (await import(PLAYWRIGHT)) as Playwright;
  } catch {
    pw = undefined;
  }
  const missing = [CHROMIUM ? '' : 'chromium (apt package chromium)', pw ? '' : 'playwright-core (npm devDependency)'].filter((x) => x !== '');
  if (missing.length > 0 || !pw || !CHROMIUM) {
    const message = `browser test needs ${missing.join(' and ')}`;
    if (process.env['CI'] === 'true') assert.fail(`${message}; CI must install it (.ci/run)`);
    t.skip(`${message}; skipping`);
    return undefined;
  }
  return pw.chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

describe('HTML evidence report in Chromium', () => {
  it('renders offline with no console error, shows the JSON counts, evidence, flow map and digests, filters and sorts rows, and reads without scripts', async (t) => {
    const browser = await browserOrSkip(t);
    if (!browser) return;
    try {
      const result = await clinicResult();
      const dir = path.join(REPO_ROOT, 'build', 'test-artifacts');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'clinic-report.html');
      const context = await clinicContext(result);
      writeFileSync(file, formatHtml({ tool: GOLDEN_TOOL, result, context }, { color: false, now: GOLDEN_NOW }));
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`file://${file}`);
      assert.deepEqual(problems, []);
      for (const [status, n] of Object.entries(result.summary.byStatus)) {
        assert.equal((await page.locator(`#board tfoot td[data-total="${status}"]`).textContent())?.trim(), String(n), `board total for ${status}`);
      }
      assert.equal(await page.locator('#findings tbody tr:visible').count(), result.findings.length);
      await page.locator('#sev').selectOption('critical');
      const critical = result.findings.filter((f) => f.severity === 'critical').length;
      assert.ok(critical > 0 && critical < result.findings.length);
      assert.equal(await page.locator('#findings tbody tr:visible').count(), critical);
      await page.locator('#sev').selectOption('');
      await page.locator('#q').fill('ci-deployer');
      const shown = await page.locator('#findings tbody tr:visible').count();
      assert.ok(shown > 0 && shown < result.findings.length, `${shown} rows for the search`);
      await page.locator('#q').fill('');
      // Evidence: every located finding quotes its lines; the Secret's value and the pasted token never show.
      const located = result.findings.filter((f) => f.location).length;
      assert.equal(await page.locator('#findings tbody tr pre.ev').count(), located);
      const body = (await page.locator('body').textContent()) ?? '';
      for (const secret of ['correct-horse-battery-staple', readFileSync(path.join(REPO_ROOT, 'examples/clinic/ehr-api.yaml'), 'utf8').match(/FHIR_API_TOKEN\n\s*value: "?([^"\n]+)/)?.[1] ?? 'token not found']) {
        assert.ok(!body.includes(secret), `${secret.slice(0, 4)}… must not show`);
      }
      assert.ok(body.includes('POSTGRES_PASSWORD: *** (masked)'));
      // The flow map draws the clinic's PHI path; the inputs table shows each file's SHA-256 as sha256sum would.
      assert.ok((await page.locator('#flow-map svg g').count()) >= 4, 'flow map nodes');
      for (const f of ['ehr-db.yaml', 'portal.yaml']) {
        const digest = createHash('sha256').update(readFileSync(path.join(REPO_ROOT, 'examples', 'clinic', f))).digest('hex');
        assert.ok(((await page.locator('#inputs').textContent()) ?? '').includes(digest), `SHA-256 of ${f}`);
      }
      // Sorting by severity: the first click ranks the most severe first, the second the least severe.
      const firstSeverity = (): Promise<string | null> => page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } })
        .document.querySelector('#findings tbody tr td .sev')?.textContent ?? null);
      await page.locator('#findings th[data-key="severity"]').click();
      assert.equal(await firstSeverity(), 'critical');
      await page.locator('#findings th[data-key="severity"]').click();
      assert.notEqual(await firstSeverity(), 'critical');
      await page.locator('#findings th[data-key="severity"]').click();
      await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
      await page.screenshot({ path: path.join(dir, 'clinic-report.png'), fullPage: false });
      const external = await page.evaluate(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[src],link[href]').length);
      assert.equal(external, 0, 'no external resource');
      await page.locator('#findings pre.ev').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, 'clinic-report-findings.png'), fullPage: false });
      const noScript = await browser.newPage({ javaScriptEnabled: false });
      await noScript.goto(`file://${file}`);
      assert.equal(await noScript.locator('#findings tbody tr:visible').count(), result.findings.length, 'every finding shows with scripts off');
      assert.equal(await noScript.locator('#controls:visible').count(), 0, 'the filter controls hide when they cannot work');
    } finally {
      await browser.close();
    }
  });
});
