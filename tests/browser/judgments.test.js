// Browser tests of analytic briefs: the marking at the top of a narrow
// screen, the key judgments before the body, and the marking on every
// printed page.
//
//   node --test tests/browser/judgments.test.js     (from the repository root)
//
// Builds a copy of the example site whose coalition brief is marked
// TLP:AMBER (the copy allows it) and which writes Arabic-Indic digits, and
// for the bands and lists a second copy with Latin digits. The printed PDF
// is read with poppler-utils (pdftotext, pdftoppm). Screenshots, the printed
// PDF and its first page as PNG go to target/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertNoProblems, browse, newContext, open } from './lib/browser.js';
import { serve } from './lib/server.js';
import { REPO, SCREENSHOTS, mujazBinary } from './lib/site.js';

const BRIEF = 'briefs/coalition-coordination/';

/** A numbered list written in Markdown, put at the top of the coalition brief's body. */
const LIST = { ar: '1. أولًا\n2. ثانيًا\n3. ثالثًا\n\n', en: '1. First\n2. Second\n3. Third\n\n' };

/**
 * The example site copied to a temporary folder, the coalition brief marked
 * TLP:AMBER and opening with a numbered list, built with `numerals`
 * (arabic-indic unless told).
 */
function amberSite(numerals = 'arabic-indic') {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mujaz-judgments-'));
  for (const part of ['site.yaml', 'content', 'data', 'themes']) {
    fs.cpSync(path.join(REPO, part), path.join(root, part), { recursive: true });
  }
  const yaml = path.join(root, 'site.yaml');
  fs.writeFileSync(
    yaml,
    fs.readFileSync(yaml, 'utf8').replace(/^numerals: .*$/m, `numerals: ${numerals}\nmax_marking: TLP:AMBER`),
  );
  for (const lang of ['ar', 'en']) {
    const file = path.join(root, 'content', BRIEF, `index.${lang}.md`);
    const text = fs.readFileSync(file, 'utf8').replace('marking: TLP:CLEAR', 'marking: TLP:AMBER');
    const body = text.indexOf('\n---\n', 4) + '\n---\n'.length;
    fs.writeFileSync(file, `${text.slice(0, body)}\n${LIST[lang]}${text.slice(body)}`);
  }
  const r = spawnSync(mujazBinary(), ['build', '--root', root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mujaz build: ${r.stdout}${r.stderr}`);
  return { root, dir: path.join(root, 'output') };
}

/** Runs a tool of poppler-utils (pdftotext, pdftoppm), which reads what Chromium printed. */
function poppler(tool, args) {
  const r = spawnSync(tool, args, { encoding: 'latin1', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${tool}: ${r.error.message} (apt-get install poppler-utils)`);
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The text of each page of a PDF file. */
function pdfText(file) {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`pdftotext: ${r.error?.message || r.stderr} (apt-get install poppler-utils)`);
  return r.stdout.split('\f').filter((p) => p.trim());
}

/**
 * The top margin of a PDF file's first page, drawn at 50 dpi into
 * `prefix`-1.png (to look at) and read as pixels: the share that is dark,
 * and the share that is the standard's amber.
 */
function topBand(file, prefix) {
  poppler('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-png', file, prefix]);
  const ppm = Buffer.from(poppler('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', file]), 'latin1');
  const [magic, width, height, max] = ppm.toString('latin1', 0, 40).split(/\s+/);
  assert.equal(magic, 'P6');
  assert.equal(max, '255');
  const start = ppm.indexOf('255', ppm.indexOf(height, 2)) + 4;
  const rows = Math.round((18 / 25.4) * 50); // the page's top margin, 18 mm
  let dark = 0;
  let amber = 0;
  for (let i = 0; i < Number(width) * rows; i++) {
    const [r, g, b] = ppm.subarray(start + 3 * i, start + 3 * i + 3);
    if (r + g + b < 3 * 96) dark++;
    if (r > 200 && g > 150 && g < 220 && b < 90) amber++;
  }
  const n = Number(width) * rows;
  return { dark: +(dark / n).toFixed(3), amber: +(amber / n).toFixed(3) };
}

/**
 * How the band in `css` is seen: its characters from left to right, without
 * the brackets around it, and the left edges of its first (low) and last
 * (high) numbers, as the browser lays them out.
 */
async function seenBand(page, css) {
  return page.$eval(css, (el) => {
    const chars = [];
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const numbers = [];
    for (let n; (n = walk.nextNode()); ) {
      const range = document.createRange();
      for (let i = 0; i < n.data.length; i++) {
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const box = range.getBoundingClientRect();
        if (!'()'.includes(n.data[i]) && box.width > 0) chars.push([box.x, n.data[i]]);
      }
      for (const m of n.data.matchAll(/\p{Nd}+/gu)) {
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        numbers.push(range.getBoundingClientRect().x);
      }
    }
    chars.sort((a, b) => a[0] - b[0]);
    return { seen: chars.map((c) => c[1]).join(''), low: numbers[0], high: numbers[numbers.length - 1] };
  });
}

describe('analytic briefs in the browser', () => {
  let site;
  before(() => {
    site = amberSite();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(() => {
    if (site) fs.rmSync(site.root, { recursive: true, force: true });
  });
  const h = browse(() => site.dir);
  /** A phone's screen, whose first 740 px the marking must fit in. */
  const phone = { width: 360, height: 740 };

  for (const lang of ['ar', 'en']) {
    it(`${lang}: at 360 px the marking is the first thing of the brief, in view, amber on black`, async () => {
      const page = await h.open(`/${lang}/${BRIEF}`, phone);
      const label = page.locator('.tlp-top .tlp-label');
      assert.equal(await label.textContent(), 'TLP:AMBER');
      assert.equal(await label.getAttribute('dir'), 'ltr');
      const box = await label.boundingBox();
      const title = await page.locator('.brief h1').boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 740, `marking in the first screen: ${JSON.stringify(box)}`);
      assert.ok(box.y < title.y, 'the marking comes above the title');
      const colours = await label.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
      assert.deepEqual(colours, ['rgb(255, 192, 0)', 'rgb(0, 0, 0)']);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no sideways scrolling at 360 px: ${width}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `judgments-${lang}-360.png`), fullPage: false });
      await page.close();
    });

    it(`${lang}: the key judgments come before the body, each with its term, band and confidence`, async () => {
      const page = await h.open(`/${lang}/${BRIEF}`);
      const before = await page.evaluate(() => {
        const box = document.querySelector('.key-judgments');
        const body = document.querySelector('.prose');
        return Boolean(box.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(before, 'the key judgments precede the body');
      const first = await page.locator('.key-judgments .judgment-meta').first().innerText();
      const expected = lang === 'ar' ? 'مرجّح جدًا (٨٠–٩٠٪)، ثقة متوسطة' : 'highly likely (80–90\u00a0%), moderate confidence';
      assert.equal(first.trim(), expected);
      await page.screenshot({ path: path.join(SCREENSHOTS, `judgments-${lang}-1280.png`), fullPage: true });
      await page.close();
    });

    it(`${lang}: printed, every page carries the marking`, async () => {
      const page = await h.open(`/${lang}/${BRIEF}`);
      await page.emulateMedia({ media: 'print' });
      const named = await page.evaluate(() => getComputedStyle(document.body).page);
      assert.equal(named, 'tlp-amber');
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const file = path.join(SCREENSHOTS, `judgments-${lang}.pdf`);
      fs.writeFileSync(file, pdf);
      const pages = pdfText(file);
      assert.ok(pages.length >= 2, `a brief long enough to print on several pages: ${pages.length}`);
      for (const [i, text] of pages.entries()) {
        // pdftotext marks the direction of right-to-left lines: those marks are left out.
        const lines = text.split('\n').map((l) => l.replace(/[\u200e\u200f\u202a-\u202e]/g, '').trim()).filter(Boolean);
        assert.equal(lines[0], 'TLP:AMBER', `page ${i + 1} starts with the marking`);
        assert.equal(lines[lines.length - 1], 'TLP:AMBER', `page ${i + 1} ends with the marking`);
      }
      // The band is a frame with a stripe of amber, not a black slab.
      const band = topBand(file, path.join(SCREENSHOTS, `judgments-${lang}-print`));
      assert.ok(band.dark > 0.01 && band.dark < 0.15, `the band prints, lightly: ${JSON.stringify(band)}`);
      assert.ok(band.amber > 0.02, `the band carries the standard's amber: ${JSON.stringify(band)}`);
      await page.close();
    });
  }

  for (const numerals of ['latin', 'arabic-indic']) {
    it(`${numerals} digits: a band reads low to high in the page's direction, alike in a brief and in the scale's table`, async () => {
      const copy = numerals === 'arabic-indic' ? site : amberSite(numerals);
      const local = copy === site ? h.server : await serve(copy.dir);
      const context = await newContext(h.browser, local.origin);
      try {
        for (const lang of ['ar', 'en']) {
          const brief = await open(context, local.url(`/${lang}/${BRIEF}`));
          const table = await open(context, local.url(`/${lang}/judgments/`));
          // Each judgment's term, by its place in the list (null without one).
          const terms = await brief.$$eval('.key-judgments .judgment', (items) =>
            items.map((li) => [...li.classList].find((c) => c.startsWith('likelihood-'))?.slice('likelihood-'.length)),
          );
          assert.ok(terms.filter(Boolean).length >= 2, `the brief has judgments with a likelihood: ${terms}`);
          for (const [i, term] of terms.entries()) {
            if (!term) continue;
            const inBrief = await seenBand(brief, `.judgment:nth-child(${i + 1}) .judgment-meta .band`);
            const inTable = await seenBand(table, `#term-${term} td`);
            assert.equal(inBrief.seen, inTable.seen, `${lang} ${term}: the same band, seen the same way`);
            for (const [where, band] of [['brief', inBrief], ['table', inTable]]) {
              const lowFirst = lang === 'ar' ? band.low > band.high : band.low < band.high;
              assert.ok(lowFirst, `${lang} ${term} in the ${where}: the low end is read first, ${JSON.stringify(band)}`);
            }
          }
          await brief.close();
          await table.close();
        }
      } finally {
        await context.close();
        if (local !== h.server) {
          await local.close();
          fs.rmSync(copy.root, { recursive: true, force: true });
        }
      }
    });
  }

  for (const numerals of ['arabic-indic', 'latin']) {
    it(`${numerals} digits: numbered lists count in the digits of the page, at 360 and 1280 px`, async () => {
      const copy = numerals === 'arabic-indic' ? site : amberSite(numerals);
      const local = copy === site ? h.server : await serve(copy.dir);
      try {
        for (const width of [360, 1280]) {
          const context = await newContext(h.browser, local.origin, { viewport: { width, height: 900 } });
          for (const lang of ['ar', 'en']) {
            const page = await open(context, local.url(`/${lang}/${BRIEF}`));
            const digits = lang === 'ar' && numerals === 'arabic-indic' ? 'arabic-indic' : 'decimal';
            const styles = (css) => page.$$eval(css, (lists) => lists.map((l) => getComputedStyle(l).listStyleType));
            // The key judgments, the Markdown list, the footnotes and the contents.
            for (const css of ['.key-judgments ol', '.prose > ol', '.footnotes ol', '.toc ol']) {
              assert.deepEqual(await styles(css), [digits], `${lang} ${css}`);
            }
            // Lists drawn without markers stay so; the sources number themselves in the page's digits.
            for (const css of ['.source-list', '.event-list', '.revision-list']) {
              assert.deepEqual(await styles(css), ['none'], `${lang} ${css}`);
            }
            const first = await page.locator('.source-number').first().textContent();
            assert.equal(first, digits === 'arabic-indic' ? '[١]' : '[1]');
            const box = await page.locator('.prose > ol').boundingBox();
            const inline = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(inline <= width, `no sideways scrolling: ${inline}`);
            await page.locator('.prose > ol').scrollIntoViewIfNeeded();
            await page.screenshot({
              path: path.join(SCREENSHOTS, `lists-${numerals}-${lang}-${width}.png`),
              clip: { x: 0, y: Math.max(0, box.y - 200), width, height: 600 },
              fullPage: true,
            });
            await page.close();
          }
          await context.close();
        }
      } finally {
        if (local !== h.server) {
          await local.close();
          fs.rmSync(copy.root, { recursive: true, force: true });
        }
      }
    });
  }

  it('the explanation page shows the scale as a table in both languages', async () => {
    for (const lang of ['ar', 'en']) {
      const page = await h.open(`/${lang}/judgments/`, phone);
      assert.equal(await page.locator('.scale-table tbody tr').count(), 7);
      await page.screenshot({ path: path.join(SCREENSHOTS, `judgments-page-${lang}-360.png`), fullPage: true });
      await page.close();
    }
  });

  it('no page had a console error or a failed request', () => {
    assertNoProblems();
  });
});
