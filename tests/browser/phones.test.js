// Phone-first pages and both colour schemes, in headless Chromium.
//
//   node --test tests/browser/phones.test.js      (from the repository root)
//
// Builds the example site like site.test.js (or tests MUJAZ_OUTPUT), then
// measures what a reader on a phone meets: where the brief's title starts,
// whether anything moves after the first paint (layout shift), how large
// chart text renders, whether the collapsed navigation keeps every link
// reachable by keyboard; and runs axe-core with the dark colour scheme.
// Screenshots go to target/screenshots/phones/.
import { before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertNoProblems, axe, browse, describeViolations } from './lib/browser.js';
import { SCREENSHOTS, chartBrief, pagesOf, withExampleSite } from './lib/site.js';

withExampleSite((site) => suite(site, pagesOf(site.dir)));

// Layout shifts not caused by input, summed as Chromium reports them.
const WATCH_SHIFTS = () => {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) {
        const nodes = (e.sources || []).map((s) => s.node && (s.node.id || s.node.className || s.node.nodeName));
        window.__shifts.push({ value: e.value, nodes });
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

function suite(site, P) {
  const h = browse(site.dir);
  const slug = chartBrief(site.dir, P.slug);
  const brief = (lang) => `/${lang}/briefs/${slug}/`;
  const keyPages = ['ar', 'en'].flatMap((lang) => [
    [`${lang} home`, `/${lang}/`],
    [`${lang} brief with charts`, brief(lang)],
    [`${lang} timeline`, `/${lang}/timeline/`],
  ]);
  const WIDTHS = [360, 1280];
  const SCHEMES = ['light', 'dark'];

  /** How a page is seen at `width` CSS px in `scheme`: under 600 px, as on a phone. */
  const view = (width, scheme) => ({ width, height: width < 600 ? 780 : 900, scheme, phone: width < 600 });

  /** Opens `p` at `width` in `scheme`, runs `fn(page)`, closes the page. */
  const visit = (width, scheme, p, fn) => h.visit(p, view(width, scheme), fn);

  test('the pages under test', (t) => {
    t.diagnostic(`${site.log}; brief with charts: ${slug}`);
    assert.ok(slug, 'a brief in both languages');
  });

  describe('phone first (360 px)', () => {
    for (const lang of ['ar', 'en']) {
      it(`the ${lang} brief's title starts within the first 160 px`, async (t) => {
        await visit(360, 'light', brief(lang), async (page) => {
          const top = await page.evaluate(() => document.querySelector('main h1').getBoundingClientRect().top);
          t.diagnostic(`title top: ${top.toFixed(1)} px`);
          assert.ok(top <= 160, `the title starts at ${top.toFixed(0)} px`);
        });
      });

      it(`every section link of the ${lang} home is reached by Tab and scrolled into view`, async () => {
        await visit(360, 'light', `/${lang}/`, async (page) => {
          const links = await page.evaluate(() => [...document.querySelectorAll('.sections a')].map((a) => a.href));
          assert.ok(links.length >= 4, `section links: ${links.length}`);
          const reached = new Set();
          for (let i = 0; i < 40 && reached.size < links.length; i++) {
            await page.keyboard.press('Tab');
            const got = await page.evaluate(() => {
              const a = document.activeElement;
              if (!a || !a.closest('.sections')) return null;
              const r = a.getBoundingClientRect();
              return { href: a.href, visible: r.left >= -1 && r.right <= innerWidth + 1 && r.width > 0 };
            });
            if (got) {
              assert.ok(got.visible, `${got.href} is focused but off screen`);
              reached.add(got.href);
            }
          }
          assert.deepEqual([...reached].sort(), [...links].sort());
        });
      });

      it(`the ${lang} section links are not hidden from screen readers`, async () => {
        await visit(360, 'light', `/${lang}/`, async (page) => {
          const hidden = await page.evaluate(() =>
            [...document.querySelectorAll('.sections a')]
              .filter((a) => a.closest('[aria-hidden="true"], [hidden], [inert]') || getComputedStyle(a).visibility !== 'visible' || getComputedStyle(a).display === 'none')
              .map((a) => a.textContent),
          );
          assert.deepEqual(hidden, []);
        });
      });
    }
  });

  describe('nothing moves after the first paint (CLS < 0.01)', () => {
    for (const width of WIDTHS) {
      for (const [name, p] of keyPages) {
        it(`${name} at ${width} px`, async (t) => {
          const ctx = await h.context(view(width, 'light'));
          const page = await ctx.newPage();
          try {
            await page.addInitScript(WATCH_SHIFTS);
            await page.goto(h.url(p), { waitUntil: 'load' });
            // search.js shows the search box after load: give it time.
            await page.waitForTimeout(600);
            const shifts = await page.evaluate(() => window.__shifts);
            const cls = shifts.reduce((s, e) => s + e.value, 0);
            t.diagnostic(`CLS ${cls.toFixed(4)}`);
            assert.ok(cls < 0.01, `CLS ${cls.toFixed(4)}: ${JSON.stringify(shifts)}`);
          } finally {
            await page.close();
          }
        });
      }
    }
  });

  describe('chart text renders at 12 CSS px or more', () => {
    for (const width of WIDTHS) {
      for (const [name, p] of keyPages.filter(([n]) => !n.endsWith('home'))) {
        it(`${name} at ${width} px`, async (t) => {
          await visit(width, 'light', p, async (page) => {
            const sizes = await page.evaluate(() =>
              [...document.querySelectorAll('figure.chart svg')].flatMap((svg) => {
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return [...svg.querySelectorAll('text, tspan')]
                  .filter((t) => t.textContent.trim())
                  .map((t) => ({
                    text: t.textContent.trim().slice(0, 30),
                    px: parseFloat(getComputedStyle(t).fontSize) * scale,
                    box: t.getBoundingClientRect().height,
                  }));
              }),
            );
            assert.ok(sizes.length > 0, 'the page has chart text');
            const small = sizes.filter((s) => s.px < 11.95);
            t.diagnostic(`smallest chart text: ${Math.min(...sizes.map((s) => s.px)).toFixed(2)} px of ${sizes.length}`);
            assert.deepEqual(small, [], `${small.length} of ${sizes.length} texts under 12 px`);
            // The rendered boxes agree: a line of 12 px text is at least 12 px high.
            const flat = sizes.filter((s) => s.box > 0 && s.box < 11.95);
            assert.deepEqual(flat, []);
          });
        });
      }
    }
  });

  describe('dark mode', () => {
    const every = [
      ['root chooser', P.root],
      ['404 page', P.notFound],
      ...['ar', 'en'].flatMap((lang) => Object.entries(P[lang]).map(([k, v]) => [`${lang} ${k}`, v])),
      ...keyPages.filter(([n]) => n.includes('charts')),
    ];
    for (const [name, p] of every) {
      it(`axe finds no violation on the ${name} in the dark scheme`, async () => {
        await visit(1280, 'dark', p, async (page) => {
          const violations = await axe(page);
          assert.equal(violations.length, 0, `\n${describeViolations(violations)}`);
        });
      });
    }

    it('pages and charts take the dark colours', async () => {
      const colours = async (scheme) =>
        visit(1280, scheme, brief('en'), (page) =>
          page.evaluate(() => {
            const bar = document.querySelector('figure.chart svg .chart-f1');
            return {
              paper: getComputedStyle(document.body).backgroundColor,
              ink: getComputedStyle(document.body).color,
              series: bar ? getComputedStyle(bar).fill : null,
              chartInk: getComputedStyle(document.querySelector('figure.chart svg')).color,
            };
          }),
        );
      const light = await colours('light');
      const dark = await colours('dark');
      const lum = (rgb) => rgb.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
      assert.ok(lum(dark.paper) < 60 && lum(light.paper) > 200, `paper: ${light.paper} / ${dark.paper}`);
      assert.ok(lum(dark.ink) > 180 && lum(light.ink) < 60, `ink: ${light.ink} / ${dark.ink}`);
      assert.ok(light.series && dark.series && light.series !== dark.series, `series: ${light.series} / ${dark.series}`);
      assert.equal(dark.chartInk, dark.ink, 'chart text follows the ink');
    });
  });

  describe('screenshots', () => {
    const dir = path.join(SCREENSHOTS, 'phones');
    before(() => fs.mkdirSync(dir, { recursive: true }));
    for (const scheme of SCHEMES) {
      for (const width of WIDTHS) {
        it(`${scheme} at ${width} px`, async () => {
          for (const [name, p] of keyPages) {
            await visit(width, scheme, p, async (page) => {
              const file = path.join(dir, `${name.replaceAll(' ', '-')}-${width}-${scheme}.png`);
              await page.screenshot({ path: file, fullPage: width > 600 });
              assert.ok(fs.statSync(file).size > 0);
            });
          }
        });
      }
    }
  });

  test('no console errors, failed or external requests', () => {
    assertNoProblems();
  });
}
