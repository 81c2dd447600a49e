import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, spawnQcode, tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn('skipped: the report browser test needs Debian chromium at /usr/bin/chromium (apt-get install chromium)');

/** Results of the sample transcripts plus one hostile transcript, with report.html built. */
function results(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'in'));
  writeFileSync(
    join(dir, 'in', 'hostile.txt'),
    'P01: We trust them <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> and <a href="javascript:window.__pwned=3">this</a>.\n\nQ: ok\n',
  );
  expect(spawnQcode(['code', join(ROOT, 'fixtures/transcripts'), 'in', '-o', 'out', '-q'], { cwd: dir }).code).toBe(0);
  const written = readFileSync(join(dir, 'out', 'report.html'));
  // qcode report rebuilds exactly the page qcode code wrote.
  expect(spawnQcode(['report', 'out'], { cwd: dir })).toMatchObject({ code: 0, stderr: 'Wrote out/report.html\n' });
  expect(readFileSync(join(dir, 'out', 'report.html')).equals(written)).toBe(true);
  return join(dir, 'out', 'report.html');
}

describe('report.html', () => {
  test('is self-contained and carries transcript text only as escaped data', () => {
    const html = readFileSync(results(), 'utf8');
    const page = html.replace(/<script id="data" type="application\/json">[\s\S]*?<\/script>/, '');
    expect(page).not.toMatch(/<(link|img|iframe)\b/i);
    expect(page).not.toMatch(/\bsrc=|https?:\/\//);
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).toContain('\\u003cscript\\u003ewindow.__pwned = 1\\u003c/script\\u003e');
  });

  test('with more than 4 MB of excerpts, qcode report rebuilds the very page the run wrote from the first 4 MB', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'in'));
    const filler = 'and the home, the nurses and the council kept talking it through, week after week, '.repeat(5);
    for (let f = 0; f < 50; f++) {
      const turns = Array.from({ length: 300 }, (_, t) => `${['Interviewer', `P${f}`, `R${f}`][t % 3]}: Turn ${t}: we trust them ${filler}`);
      writeFileSync(join(dir, 'in', `${String(f).padStart(2, '0')}.txt`), `${turns.join('\n\n')}\n`);
    }
    expect(spawnQcode(['code', 'in', '-c', join(ROOT, 'fixtures/codebooks/small.yaml'), '-o', 'out', '-q', '--no-qdpx'], { cwd: dir }).code).toBe(0);
    const written = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(readFileSync(join(dir, 'out', 'excerpts.csv')).length).toBeGreaterThan(4 * 2 ** 20);
    expect(spawnQcode(['report', 'out'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toBe(written);
    const data = JSON.parse(/<script id="data" type="application\/json">([\s\S]*?)<\/script>/.exec(written)?.[1] ?? '{}') as { segments: { c: unknown[] }[] };
    // Segments are embedded once each, with their themes: the excerpts are the themes counted.
    const embedded = data.segments.reduce((n, s) => n + s.c.length, 0);
    const start = readFileSync(join(dir, 'out', 'excerpts.csv'))
      .subarray(0, 4 * 2 ** 20)
      .toString('utf8');
    // Every record that ends within the first 4 MB, less the header (no excerpt text here spans lines).
    expect(embedded).toBe(start.split('\n').length - 2);
  });

  test('a missing results folder is a usage error', () => {
    expect(spawnQcode(['report', 'nowhere'], { cwd: tempDir() })).toMatchObject({
      code: 2,
      stderr: 'qcode: nowhere/summary.json is missing or not valid JSON: qcode report reads the folder a qcode code --out run wrote\n',
    });
  });

  test.skipIf(!haveChromium)(
    'renders in Chromium: heat map, filters, search, and no injected script runs',
    async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const requests: string[] = [];
        page.on('request', (r) => {
          if (!r.url().startsWith('file:')) requests.push(r.url());
        });
        await page.goto(`file://${results()}`);
        expect(await page.locator('#heatmap tbody tr').count()).toBe(16);
        // One entry per coded segment, however many themes it has: its themes are chips.
        const all = await page.locator('#excerpts li').count();
        expect(all).toBeGreaterThan(40);
        expect(await page.locator('#excerpts li .chip').count()).toBeGreaterThan(all);
        expect(await page.locator('#heatmap thead th small').first().textContent()).toMatch(/^n = \d+$/);
        await page.selectOption('#perspective', 'Relative');
        const relative = await page.locator('#excerpts li').count();
        expect(relative).toBeGreaterThan(0);
        expect(relative).toBeLessThan(all);
        expect(await page.locator('#excerpts li .who').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Relative')]));
        await page.selectOption('#perspective', '');
        await page.fill('#search', 'pwned');
        expect(await page.locator('#excerpts li').count()).toBe(1);
        expect(await page.locator('#excerpts li').first().textContent()).toContain('<script>window.__pwned = 1</script>');
        expect(await page.locator('#excerpts li mark').first().textContent()).toBe('trust');
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(requests).toEqual([]);
        await page.screenshot({ path: join(tempDir(), 'report.png'), fullPage: false });
      } finally {
        await browser.close();
      }
    },
    60_000,
  );

  test.skipIf(!haveChromium)(
    'stays usable with more than 10,000 excerpts: 200 shown at a time, filters and search over all embedded',
    async () => {
      const dir = tempDir();
      const perspectives = ['Care Home', 'Relative', 'NHS'];
      for (let f = 0; f < 90; f++) {
        // Unlabelled paragraphs: each one a segment, as many as the report needs.
        const turns = Array.from({ length: 120 }, (_, t) => `Turn ${t} of file ${f}: we trust them and rely on each other.`);
        mkdirSync(join(dir, 'in'), { recursive: true });
        writeFileSync(join(dir, 'in', `${String(f).padStart(3, '0')}.txt`), `---\nperspective: ${perspectives[f % 3]}\n---\n${turns.join('\n\n')}\n`);
      }
      expect(spawnQcode(['code', 'in', '-c', join(ROOT, 'fixtures/codebooks/small.yaml'), '-o', 'out', '-q'], { cwd: dir }).code).toBe(0);
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(`file://${join(dir, 'out', 'report.html')}`);
        expect(await page.locator('#heatmap tbody tr').count()).toBeGreaterThan(0);
        expect(await page.locator('#excerpts li').count()).toBe(200);
        expect(await page.locator('#count').textContent()).toBe('10000 segments (showing 200) — 800 more excerpts not embedded in this report');
        await page.click('#more');
        expect(await page.locator('#excerpts li').count()).toBe(400);
        await page.selectOption('#perspective', 'Relative');
        expect(await page.locator('#count').textContent()).toMatch(/^3\d{3} segments \(showing 200\)/);
        expect(await page.locator('#excerpts li .who').allTextContents()).not.toEqual(expect.arrayContaining([expect.stringContaining('NHS')]));
        await page.fill('#search', 'Turn 117 of file 40:');
        expect(await page.locator('#excerpts li').count()).toBe(1);
        expect(await page.locator('#excerpts li').first().textContent()).toContain('Turn 117 of file 40:');
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
