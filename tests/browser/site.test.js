// Browser tests of a built mujaz site, in headless Chromium.
//
//   node --test tests/browser/              (from the repository root)
//
// Builds the example site into target/browser-site first (once for all the
// files of a run), unless MUJAZ_OUTPUT names an output folder to test
// instead. Screenshots go to target/screenshots/. One file on purpose: one
// server and one browser for all these tests.
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AXE_VERSION, assertNoProblems, axe, browse, describeViolations, newContext, open } from './lib/browser.js';
import { serve } from './lib/server.js';
import { SCREENSHOTS, pagesOf, untranslatedFixture, withExampleSite } from './lib/site.js';

withExampleSite((site) => suite(site, pagesOf(site.dir)));

/** The two views of the site's pages: a desktop's, and a phone's width. */
const desktop = {};
const narrow = { width: 360 };

function suite(site, P) {
  const h = browse(site.dir);
  const url = h.url;

  test('the site under test', (t) => {
    t.diagnostic(site.log);
    t.diagnostic(`brief: ${P.slug}; topic: ${P.topic}; Chromium ${h.browser.version()}; axe-core ${AXE_VERSION}`);
    assert.ok(P.briefs.ar.length > 0 && P.briefs.en.length > 0, 'briefs in both languages');
  });

  // Every page the accessibility and narrow-screen tests look at.
  const keyPages = [
    ['root chooser', P.root],
    ['404 page', P.notFound],
    ...Object.entries(P.ar).map(([k, v]) => [`Arabic ${k}`, v]),
    ...Object.entries(P.en).map(([k, v]) => [`English ${k}`, v]),
  ];

  describe('direction', () => {
    const cases = [
      ...['root', 'home', 'brief', 'topics', 'topic', 'timeline'].map((k) => ['ar', k, k === 'root' ? P.root : P.ar[k]]),
      ...['home', 'brief', 'topics', 'topic', 'timeline'].map((k) => ['en', k, P.en[k]]),
    ];
    for (const [lang, kind, p] of cases) {
      const dir = lang === 'ar' ? 'rtl' : 'ltr';
      it(`${lang} ${kind} ${p} is html[lang=${lang}][dir=${dir}] with body direction ${dir}`, async () => {
        await h.visit(p, desktop, async (page) => {
          const got = await page.evaluate(() => ({
            lang: document.documentElement.getAttribute('lang'),
            dir: document.documentElement.getAttribute('dir'),
            body: getComputedStyle(document.body).direction,
          }));
          assert.deepEqual(got, { lang, dir, body: dir });
        });
      });
    }
  });

  describe('language switcher', () => {
    it(`goes from the Arabic brief ${P.slug} to its English translation and back`, async () => {
      const page = await h.open(P.ar.brief, desktop);
      try {
        const h1 = () => page.locator('main h1').first().textContent();
        const arTitle = await h1();
        await page.locator('.lang-switch a[hreflang="en"]').click();
        await page.waitForURL(url(P.en.brief));
        assert.equal(await page.locator('html[lang="en"][dir="ltr"]').count(), 1, 'html[lang=en][dir=ltr]');
        assert.equal(new URL(page.url()).pathname, `/en/briefs/${P.slug}/`);
        const enTitle = await h1();
        assert.ok(enTitle.trim() && enTitle !== arTitle, `an English headline, not the Arabic one: ${enTitle}`);

        await page.locator('.lang-switch a[hreflang="ar"]').click();
        await page.waitForURL(url(P.ar.brief));
        assert.equal(await page.locator('html[lang="ar"][dir="rtl"]').count(), 1, 'html[lang=ar][dir=rtl]');
        assert.equal(new URL(page.url()).pathname, `/ar/briefs/${P.slug}/`);
        assert.equal(await h1(), arTitle);
      } finally {
        await page.close();
      }
    });

    it('names each translation in <link rel=alternate hreflang> on a brief', async () => {
      for (const [lang, other] of [
        ['ar', 'en'],
        ['en', 'ar'],
      ]) {
        await h.visit(P[lang].brief, desktop, async (page) => {
          const href = await page.locator(`link[rel="alternate"][hreflang="${other}"]`).getAttribute('href');
          assert.ok(href && new URL(href).pathname.endsWith(`/${other}/briefs/${P.slug}/`), `${lang} → ${other}: ${href}`);
        });
      }
    });
  });

  describe('a brief in one language only', () => {
    let fixture, fixtureServer, context;
    before(async () => {
      fixture = untranslatedFixture();
      fixtureServer = await serve(fixture.dir);
      context = await newContext(h.browser, fixtureServer.origin);
    });
    after(async () => {
      await context?.close();
      await fixtureServer?.close();
      if (fixture) fs.rmSync(fixture.root, { recursive: true, force: true });
    });

    it('links the English-only brief to the Arabic home and says it is not translated', async () => {
      const page = await open(context, fixtureServer.url('/en/briefs/english-only/'));
      h.visited++;
      try {
        const home = fixtureServer.url('/ar/');
        const switcher = page.locator('.lang-switch a[hreflang="ar"]');
        assert.equal(await switcher.count(), 1, 'one Arabic link in the language switcher');
        assert.equal(await switcher.evaluate((a) => a.href), home, 'the switcher goes to the Arabic home');

        const note = page.locator('.untranslated');
        assert.equal(await note.count(), 1, 'one .untranslated note');
        assert.ok(await note.isVisible(), 'the note is visible');
        assert.equal(await note.getAttribute('lang'), 'ar', 'the note is written for Arabic readers');
        assert.equal(await note.evaluate((e) => getComputedStyle(e).direction), 'rtl', 'the note reads right to left');
        const link = note.locator('a[hreflang="ar"]');
        assert.equal(await link.evaluate((a) => a.href), home, 'the note links to the Arabic home');

        await link.click();
        await page.waitForURL(home);
        assert.equal(await page.locator('html[lang="ar"][dir="rtl"]').count(), 1, 'landed on an Arabic page');
      } finally {
        await page.close();
      }
    });

    it('shows no note on a brief that has both languages', async () => {
      const page = await open(context, fixtureServer.url('/en/briefs/both-languages/'));
      h.visited++;
      try {
        assert.equal(await page.locator('.untranslated').count(), 0);
        const href = await page.locator('.lang-switch a[hreflang="ar"]').evaluate((a) => a.href);
        assert.equal(href, fixtureServer.url('/ar/briefs/both-languages/'));
      } finally {
        await page.close();
      }
    });
  });

  describe('charts', () => {
    const chartPages = [
      ...P.briefs.ar.map((s) => `/ar/briefs/${s}/`),
      ...P.briefs.en.map((s) => `/en/briefs/${s}/`),
    ];
    const svgsOnBriefs = new Map();
    for (const p of chartPages) {
      it(`every figure.chart svg on ${p} is visible and not empty`, async () => {
        await h.visit(p, desktop, async (page) => {
          // Top-level svgs only: an svg nested in a chart's svg is part of it.
          const svgs = page.locator('figure.chart svg:not(svg svg)');
          const n = await svgs.count();
          svgsOnBriefs.set(p, n);
          for (let i = 0; i < n; i++) {
            const svg = svgs.nth(i);
            const id = await svg.evaluate((e) => e.closest('figure').id || `#${i}`);
            await svg.scrollIntoViewIfNeeded();
            assert.ok(await svg.isVisible(), `chart ${id} is visible`);
            const box = await svg.boundingBox();
            assert.ok(box && box.width > 0 && box.height > 0, `chart ${id} has a size: ${JSON.stringify(box)}`);
          }
        });
      });
    }
    it('the example briefs draw their charts as svg, ten in all', () => {
      const total = [...svgsOnBriefs.values()].reduce((a, b) => a + b, 0);
      assert.ok(total >= 10, `only ${total} chart svgs on the briefs`);
    });
  });

  describe('accessibility (axe-core, wcag2a + wcag2aa + wcag21aa)', () => {
    for (const [name, p] of keyPages) {
      it(`${name} ${p} has no violations`, async () => {
        await h.visit(p, desktop, async (page) => {
          const violations = await axe(page);
          assert.equal(violations.length, 0, `${p}:\n${describeViolations(violations)}`);
        });
      });
    }
  });

  describe('narrow screens (360 px)', () => {
    for (const [name, p] of keyPages) {
      it(`${name} ${p} does not scroll sideways`, async () => {
        await h.visit(p, narrow, async (page) => {
          const m = await page.evaluate(() => {
            const vw = window.innerWidth;
            // For the message only: the elements that stick out of the page,
            // outside any box that scrolls or clips them.
            const clipped = (e) => {
              for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible') return true;
              }
              return false;
            };
            const out = [];
            for (const e of document.body.querySelectorAll('*')) {
              const r = e.getBoundingClientRect();
              if (r.width === 0 || (r.right <= vw + 1 && r.left >= -1) || clipped(e)) continue;
              const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
              out.push(`${name} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
            }
            return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, out: out.slice(0, 8) };
          });
          assert.ok(
            m.scrollWidth <= m.innerWidth + 1,
            `scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}; sticking out: ${m.out.join(', ')}`,
          );
        });
      });
    }
  });

  describe('not found', () => {
    it('a missing page answers 404 with the styled not-found page', async () => {
      await h.visit(
        '/ar/briefs/no-such-brief/',
        desktop,
        async (page) => {
          assert.equal(await page.locator('body.kind-404').count(), 1, 'the 404 page');
          const rules = await page.evaluate(() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0));
          assert.ok(rules > 0, 'its stylesheet loaded from a path two folders deep');
        },
        { status: 404 },
      );
    });
  });

  // Search has its own file: search.test.js.

  describe('screenshots', () => {
    before(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));
    const shots = [
      ['ar-brief-360.png', P.ar.brief, 360],
      ['ar-brief-1280.png', P.ar.brief, 1280],
      ['en-brief-360.png', P.en.brief, 360],
      ['en-brief-1280.png', P.en.brief, 1280],
      ['ar-home-360.png', P.ar.home, 360],
      ['en-home-360.png', P.en.home, 360],
    ];
    for (const [file, p, width] of shots) {
      it(`${file}: ${p} at ${width} px, full page`, async () => {
        const context = width === 360 ? narrow : desktop;
        await h.visit(p, context, async (page) => {
          await page.evaluate(() => document.fonts.ready);
          const out = path.join(SCREENSHOTS, file);
          await page.screenshot({ path: out, fullPage: true });
          assert.ok(fs.statSync(out).size > 1000, `${out} written`);
        });
      });
    }
  });

  // Last: everything the pages above did in the browser.
  test('no console errors, failed requests or requests leaving 127.0.0.1 on any page visited', (t) => {
    t.diagnostic(`${h.visited} page visits`);
    assert.ok(h.visited > 0, 'pages were visited');
    assertNoProblems();
  });
}
