/**
 * HTML evidence report of the 10k generated corpus: CLI time (against --format json of the same input), file size,
 * and, when Chromium and playwright-core are present, the time to open it and to filter it, against the same page
 * with every findings table laid out at once (content-visibility off), in the same run.
 * Run alone with `node build/bench/run.js html-report`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateCorpus } from './corpus.js';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'phiguard.js');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const PLAYWRIGHT = 'playwright-core';

/** What the page functions use of the browser; the build has no DOM library, and they run in the page. */
interface BrowserGlobals {
  requestAnimationFrame(f: () => void): void;
  document: { getElementById(id: string): { value: string; dispatchEvent(e: unknown): boolean } | null };
  Event: new (type: string) => unknown;
}

interface Page {
  goto(url: string, o: { waitUntil: 'load'; timeout: number }): Promise<unknown>;
  evaluate<T, A>(f: (a: A) => T | Promise<T>, a: A): Promise<T>;
  close(): Promise<void>;
}
interface Browser { newPage(o: { viewport: { width: number; height: number } }): Promise<Page>; close(): Promise<void> }
interface Playwright { chromium: { launch(o: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> } }

function cliMs(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  try {
    execFileSync(process.execPath, [BIN, ...args], { stdio: 'ignore' });
  } catch (e) {
    // Exit 1 means findings, which the corpus has by design.
    if ((e as { status?: number }).status !== 1) throw e;
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Navigation start to the first frame painted after the load event, in a fresh page. */
async function openMs(browser: Browser, file: string): Promise<{ open: number; filter: number; severity: number }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  try {
    const started = Date.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120_000 });
    await page.evaluate(() => new Promise<void>((r) => {
      const g = globalThis as unknown as BrowserGlobals;
      g.requestAnimationFrame(() => g.requestAnimationFrame(() => r()));
    }), undefined);
    const open = Date.now() - started;
    // The filter, timed inside the page: the event handler plus the frame it causes.
    const timed = (arg: { id: string; value: string; event: string }): Promise<number> => page.evaluate((a) => new Promise<number>((r) => {
      const g = globalThis as unknown as BrowserGlobals;
      const el = g.document.getElementById(a.id);
      const t0 = performance.now();
      if (!el) throw new Error(`no #${a.id} in the page`);
      el.value = a.value;
      el.dispatchEvent(new g.Event(a.event));
      g.requestAnimationFrame(() => g.requestAnimationFrame(() => r(performance.now() - t0)));
    }), arg);
    const filter = await timed({ id: 'q', value: 'svc-1', event: 'input' });
    await timed({ id: 'q', value: '', event: 'input' });
    const severity = await timed({ id: 'sev', value: 'critical', event: 'change' });
    return { open, filter, severity };
  } finally {
    await page.close();
  }
}

export async function runHtmlReportBench(resources = 10_000): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phiguard-html-bench-'));
  try {
    const corpus = path.join(dir, `corpus-${resources}.yaml`);
    writeFileSync(corpus, generateCorpus(resources));
    const out = path.join(dir, 'report.html');
    const common = ['scan', corpus, '--now', '2026-11-01T00:00:00Z', '--fail-on', 'critical'];
    const html = Math.min(...[1, 2].map(() => cliMs([...common, '--format', 'html', '-o', out])));
    const json = Math.min(...[1, 2].map(() => cliMs([...common, '--format', 'json', '-o', path.join(dir, 'report.json')])));
    const mb = statSync(out).size / 1e6;
    console.log(`html report benchmark: ${resources} generated resources (machine shared: compare the ratios, not the times)`);
    console.log(`  cli --format html ${html.toFixed(0)} ms, --format json ${json.toFixed(0)} ms (ratio ${(html / json).toFixed(2)}); report ${mb.toFixed(1)} MB (limit 10 MB)`);
    let pw: Playwright | undefined;
    try {
      pw = (await import(PLAYWRIGHT)) as Playwright;
    } catch {
      pw = undefined;
    }
    if (!pw || !CHROMIUM) {
      console.log('  chromium open time: skipped (needs /usr/bin/chromium and playwright-core)');
      return;
    }
    // The same page with every findings table laid out at once: what content-visibility saves.
    const eager = path.join(dir, 'report-eager.html');
    writeFileSync(eager, readFileSync(out, 'utf8').replace('.chunk{content-visibility:auto;', '.chunk{'));
    const browser = await pw.chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      const runs = { paged: [] as { open: number; filter: number; severity: number }[], eager: [] as { open: number; filter: number; severity: number }[] };
      for (let i = 0; i < 3; i++) {
        runs.paged.push(await openMs(browser, out));
        runs.eager.push(await openMs(browser, eager));
      }
      const m = (k: 'paged' | 'eager', f: 'open' | 'filter' | 'severity'): number => median(runs[k].map((r) => r[f]));
      console.log(`  chromium open (median of 3, to first frame after load): ${m('paged', 'open').toFixed(0)} ms (target < 3000); all tables laid out at once: ${m('eager', 'open').toFixed(0)} ms (ratio ${(m('paged', 'open') / m('eager', 'open')).toFixed(2)})`);
      console.log(`  first search ${m('paged', 'filter').toFixed(0)} ms (eager ${m('eager', 'filter').toFixed(0)} ms); severity filter ${m('paged', 'severity').toFixed(0)} ms (eager ${m('eager', 'severity').toFixed(0)} ms)`);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runHtmlReportBench();
