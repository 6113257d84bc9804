// Browser tests of citations and numbered figures: a reader who clicks a
// citation lands on its source, and the source's ↩ link takes them back to
// the place in the text; `@fig-` links land on their figure.
//
//   node --test tests/browser/sources.test.js      (from the repository root)
//
// Tests the example site as site.test.js builds it (or MUJAZ_OUTPUT).
// Screenshots of the sources list and of a figure, in both languages at 360
// and 1280 px, go to target/screenshots/.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertNoProblems, browse } from './lib/browser.js';
import { SCREENSHOTS, exampleSite } from './lib/site.js';

const BRIEF = (lang) => `/${lang}/briefs/attacks-and-operations/`;

/** Whether the element matching `css` is inside the viewport. */
async function inView(page, css) {
  return page.$eval(css, (el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
  });
}

describe('citations and figures', () => {
  const h = browse(exampleSite().dir);
  before(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

  for (const [lang, width] of [['en', 1280], ['ar', 360], ['en', 360], ['ar', 1280]]) {
    it(`${lang} at ${width} px: a citation lands on its source and the back-link returns`, async () => {
      const page = await h.open(BRIEF(lang), { width });
      try {
        const cite = '.cite a[href="#source-naba"]';
        await page.click(cite);
        await page.waitForFunction(() => location.hash === '#source-naba');
        assert.ok(await inView(page, '#source-naba'), 'the source is in view');
        // The grade is read in the page's language, the code in Latin.
        const grade = await page.textContent('#source-naba .grade');
        assert.match(grade, lang === 'ar' ? /C3.*موثوق إلى حدٍّ ما؛ قد يكون صحيحًا/ : /C3.*fairly reliable; possibly true/);
        await page.screenshot({ path: path.join(SCREENSHOTS, `sources-${lang}-${width}.png`) });
        const back = '#source-naba .source-back';
        assert.ok((await page.getAttribute(back, 'aria-label')).length > 10, 'the back-link has a name');
        await page.click(back);
        await page.waitForFunction(() => location.hash === '#cite-naba-1');
        assert.ok(await inView(page, '#cite-naba-1'), 'the citation is in view again');
      } finally {
        await page.close();
      }
    });

    it(`${lang} at ${width} px: a figure reference lands on the figure it names`, async () => {
      const page = await h.open(BRIEF(lang), { width });
      try {
        const link = await page.textContent('.figure-ref[href="#fig-weekly"]');
        await page.click('.figure-ref[href="#fig-weekly"]');
        await page.waitForFunction(() => location.hash === '#fig-weekly');
        assert.ok(await inView(page, '#fig-weekly'), 'the figure is in view');
        // The link says what the caption says.
        assert.equal(await page.textContent('#fig-weekly .figure-label'), link);
        await page.screenshot({ path: path.join(SCREENSHOTS, `figure-${lang}-${width}.png`) });
      } finally {
        await page.close();
      }
    });
  }

  it('no page had console errors or failed requests', () => {
    assertNoProblems();
  });
});
