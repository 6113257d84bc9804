// Search, in headless Chromium and in node:
//
//   node --test tests/browser/search.test.js      (from the repository root)
//
// First, without a browser: the script's word analysis gives, for every
// vector the Rust side wrote (tests/data/search/vectors.json), what mujaz
// gives when it writes the index. Then the search page of the example site
// (built as site.test.js builds it, or MUJAZ_OUTPUT): ?q= in Arabic and
// English, marked words, the masthead box, no results, no JavaScript,
// accessibility, and the bytes a first result costs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertNoProblems, axe, browse, describeViolations } from './lib/browser.js';
import { REPO, SCREENSHOTS, withExampleSite } from './lib/site.js';

/** The analysis half of search.js, as node runs it. */
function analysis() {
  const source = fs.readFileSync(path.join(REPO, 'themes/default/static/search.js'), 'utf8');
  const module = { exports: {} };
  new Function('module', source)(module);
  return module.exports;
}

describe('the script analyses words as mujaz does', () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/data/search/vectors.json'), 'utf8'));
  const a = analysis();
  const plurals = a.plurals(vectors.plurals);

  it(`folds and turns into terms all ${vectors.cases.length} vectors alike`, () => {
    assert.ok(vectors.cases.length > 1000, 'the vectors hold the example site\'s words');
    const wrong = [];
    for (const [text, folded, terms] of vectors.cases) {
      const f = a.fold(text);
      const t = a.terms(text, plurals);
      if (f !== folded || JSON.stringify(t) !== JSON.stringify(terms)) {
        wrong.push(`${text}: fold ${f} (want ${folded}), terms ${JSON.stringify(t)} (want ${JSON.stringify(terms)})`);
      }
    }
    assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} differ`);
  });

  it('counts with the plural rules of src/plural.rs', () => {
    const names = { z: 'zero', o: 'one', t: 'two', f: 'few', m: 'many', x: 'other' };
    for (const [lang, letters] of Object.entries(vectors.categories)) {
      assert.ok(letters.length > 1000, lang);
      const wrong = [...letters].map((l, n) => [n, names[l], a.category(lang, n)]).filter(([, want, got]) => want !== got);
      assert.deepEqual(wrong.slice(0, 10), [], `${lang}: ${wrong.length} numbers differ`);
    }
  });

  it('joins what the issue found missing', () => {
    const same = (x, y) => assert.deepEqual(a.terms(x, plurals), a.terms(y, plurals), `${x} / ${y}`);
    same('بالخلايا', 'خلية');
    same('الإتاوات', 'إتاوة');
    same('وللمقاتلين', 'مقاتل');
    same('attacks', 'attacked');
    assert.deepEqual(a.terms('بلد', plurals), ['بلد']);
  });
});

withExampleSite(suite);

/** How the search page is seen: on a desktop, at a phone's width, and without JavaScript. */
const desktop = {};
const narrow = { width: 360 };
const noScript = { javaScript: false };

function suite(site) {
  const h = browse(site.dir);

  /** Opens the search page of `lang` with `q`, waits for its status. */
  async function searchPage(view, lang, q) {
    const page = await h.open(`/${lang}/search/?q=${encodeURIComponent(q)}`, view);
    await page.waitForFunction(() => document.getElementById('search-status').textContent.trim() !== '', null, {
      timeout: 5000,
    });
    return page;
  }

  const results = (page) =>
    page.$$eval('#search-results > li', (lis) =>
      lis.map((li) => ({
        href: li.querySelector('h2 a').href,
        title: li.querySelector('h2').textContent,
        marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
        meta: li.querySelector('.search-meta')?.textContent || '',
      })),
    );

  it('?q= runs an Arabic search: a plural with its article finds the singular, marked, right to left', async () => {
    const page = await searchPage(desktop, 'ar', 'بالخلايا');
    try {
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      assert.equal(await page.inputValue('#search-q'), 'بالخلايا');
      const found = await results(page);
      assert.ok(found.length >= 3, JSON.stringify(found));
      assert.ok(found[0].href.endsWith('/ar/briefs/attacks-and-operations/'), found[0].href);
      assert.ok(found[0].marks.includes('خلايا'), `marked: ${found[0].marks}`);
      assert.match(found[0].meta, /2025/, 'the date');
      assert.match(await page.textContent('#search-status'), /نتائج|نتيجة/);
    } finally {
      await page.close();
    }
  });

  it('?q= runs an English search: "attacked" finds "attacks", briefs before pages', async () => {
    const page = await searchPage(desktop, 'en', 'attacked');
    try {
      const found = await results(page);
      assert.ok(found[0].href.endsWith('/en/briefs/attacks-and-operations/'), JSON.stringify(found[0]));
      assert.ok(found[0].marks.some((m) => /^attack/i.test(m)), `marked: ${found[0].marks}`);
      const kinds = await page.$$eval('#search-results > li', (lis) => lis.map((li) => li.classList.contains('search-result-page')));
      assert.deepEqual(kinds, [...kinds].sort(), 'no page before a brief');
      assert.match(await page.textContent('#search-status'), /^\d+ results?$/);
    } finally {
      await page.close();
    }
  });

  it('the masthead box leads to the search page, and typing there keeps the address in step', async () => {
    const page = await h.open('/en/', desktop);
    try {
      await page.fill('#site-search-input', 'levies');
      await page.press('#site-search-input', 'Enter');
      await page.waitForURL(/\/en\/search\/\?q=levies$/);
      await page.waitForSelector('#search-results > li');
      const found = await results(page);
      assert.ok(found[0].href.endsWith('/en/briefs/extortion-levies/'), JSON.stringify(found[0]));
      await page.fill('#search-q', 'palmyra');
      await page.waitForFunction(() => location.search === '?q=palmyra');
      await page.waitForFunction(() => document.querySelector('#search-results h2 a')?.href.includes('attacks-and-operations'));
    } finally {
      await page.close();
    }
  });

  it('no results: says so, offers the nearest word and the topics', async () => {
    const page = await searchPage(desktop, 'en', 'recrutment');
    try {
      assert.match(await page.textContent('#search-status'), /Nothing matches “recrutment”/);
      const suggestion = page.locator('#search-suggest a');
      assert.equal(await suggestion.count(), 1);
      assert.match(await suggestion.textContent(), /^recruit/i);
      assert.ok(await page.locator('.search-browse a[href*="/topics/"]').first().isVisible());
      await suggestion.click();
      await page.waitForSelector('#search-results > li');
      assert.match(page.url(), /\?q=recruit/i);
    } finally {
      await page.close();
    }
  });

  it('without JavaScript, the page says search needs it and lists topics and regions', async () => {
    const page = await h.open('/ar/search/?q=خلية', noScript);
    try {
      assert.ok(await page.locator('.search-nojs').isVisible());
      assert.match(await page.textContent('.search-nojs'), /جافاسكربت/);
      assert.ok((await page.locator('.search-browse a[href*="/topics/"]').count()) >= 6);
      assert.ok((await page.locator('.search-browse a[href*="/regions/"]').count()) >= 6);
      assert.equal(await page.locator('#search-results > li').count(), 0);
    } finally {
      await page.close();
    }
  });

  it('has no axe violations with results, in both languages and at 360 px', async () => {
    for (const [view, lang, q] of [
      [desktop, 'ar', 'خلايا'],
      [desktop, 'en', 'cells'],
      [narrow, 'ar', 'هجمات'],
      [narrow, 'en', 'nothing-like-this'],
    ]) {
      const page = await searchPage(view, lang, q);
      try {
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${lang} ${q}:\n${describeViolations(violations)}`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(wide, false, `${lang} ${q}: no sideways scrolling`);
      } finally {
        await page.close();
      }
    }
  });

  it('fetches at most 40 kB of index before a first result on the example site', async (t) => {
    for (const [lang, q] of [
      ['ar', 'خلايا'],
      ['en', 'attack'],
    ]) {
      const page = await (await h.context(desktop)).newPage();
      let index = 0;
      let all = 0;
      page.on('response', async (r) => {
        const n = Number(r.headers()['content-length']) || (await r.body().catch(() => Buffer.alloc(0))).length;
        all += n;
        if (/\/search\/.*\.json$/.test(r.url())) index += n;
      });
      await page.goto(h.url(`/${lang}/search/?q=${encodeURIComponent(q)}`));
      await page.waitForSelector('#search-results > li');
      t.diagnostic(`${lang} «${q}»: ${index} B of index, ${all} B in all`);
      assert.ok(index <= 40 * 1024, `${index} B of index`);
      await page.close();
    }
  });

  it('screenshots of the search page', async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [view, w] of [
      [narrow, 360],
      [desktop, 1280],
    ]) {
      for (const [lang, q] of [
        ['ar', 'خلايا'],
        ['en', 'attacks'],
      ]) {
        const page = await searchPage(view, lang, q);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${lang}-search-${w}.png`) });
        await page.close();
      }
    }
  });

  it('saw no console errors or failed requests', () => {
    assertNoProblems();
  });
}
