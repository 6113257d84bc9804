// Browser tests of analytic briefs: the marking at the top of a narrow
// screen, the key judgments before the body, and the marking on every
// printed page.
//
//   node --test tests/browser/judgments.test.js     (from the repository root)
//
// Builds a copy of the example site whose coalition brief is marked
// TLP:AMBER (the copy allows it) and which writes Arabic-Indic digits.
// Screenshots and the printed PDF go to target/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertNoProblems, browse } from './lib/browser.js';
import { REPO, SCREENSHOTS, mujazBinary } from './lib/site.js';

const BRIEF = 'briefs/coalition-coordination/';

/** The example site copied to a temporary folder, the coalition brief marked TLP:AMBER, built. */
function amberSite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mujaz-judgments-'));
  for (const part of ['site.yaml', 'content', 'data', 'themes']) {
    fs.cpSync(path.join(REPO, part), path.join(root, part), { recursive: true });
  }
  const yaml = path.join(root, 'site.yaml');
  fs.writeFileSync(
    yaml,
    fs.readFileSync(yaml, 'utf8').replace(/^numerals: .*$/m, 'numerals: arabic-indic\nmax_marking: TLP:AMBER'),
  );
  for (const lang of ['ar', 'en']) {
    const file = path.join(root, 'content', BRIEF, `index.${lang}.md`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('marking: TLP:CLEAR', 'marking: TLP:AMBER'));
  }
  const r = spawnSync(mujazBinary(), ['build', '--root', root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mujaz build: ${r.stdout}${r.stderr}`);
  return { root, dir: path.join(root, 'output') };
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
      fs.writeFileSync(path.join(SCREENSHOTS, `judgments-${lang}.pdf`), pdf);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.ok(pages >= 2, `a brief long enough to print on several pages: ${pages}`);
      await page.close();
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
