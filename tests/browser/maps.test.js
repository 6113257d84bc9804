// Browser tests of maps (issue #14): a brief's `type: map` chart, the
// timeline's and a region page's event maps, in Arabic and English, at a
// phone's width and a desktop's. The drawing must never be mirrored: Damascus
// stays west of Deir ez-Zor on Arabic pages too, while the legend moves to the
// start of the line. Screenshots go to target/screenshots/maps-*.png.
//
//   node --test tests/browser/maps.test.js     (from the repository root)
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertNoProblems, browse } from './lib/browser.js';
import { SCREENSHOTS, exampleSite } from './lib/site.js';

const BRIEF = (lang) => `/${lang}/briefs/attacks-and-operations/`;
const PAGES = (lang) => [BRIEF(lang), `/${lang}/timeline/`, `/${lang}/regions/daraa/`];

const h = browse(exampleSite().dir);
/** How the maps are seen: on a desktop, and at a phone's width. */
const desktop = {};
const narrow = { width: 360 };

before(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

/** Where a region's circle is on the screen, by its tooltip's label. */
function circleAt(page, figure, label) {
  return page.evaluate(
    ([figure, label]) => {
      const c = [...document.querySelectorAll(`${figure} circle.map-bubble`)].find((c) =>
        c.querySelector('title').textContent.startsWith(label + ':'),
      );
      if (!c) return null;
      const r = c.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width };
    },
    [figure, label],
  );
}

describe('a brief’s map', () => {
  for (const [lang, damascus, deir] of [
    ['en', 'Damascus', 'Deir ez-Zor'],
    ['ar', 'دمشق', 'دير الزور'],
  ]) {
    it(`is not mirrored on ${lang} pages: north up, east right`, async () => {
      const page = await h.open(BRIEF(lang), desktop);
      try {
        const fig = 'figure.chart-map';
        assert.equal(await page.locator(`${fig} svg`).getAttribute('direction'), 'ltr');
        const svgDir = await page.locator(`${fig} svg`).evaluate((s) => getComputedStyle(s).direction);
        assert.equal(svgDir, 'ltr');
        // Deir ez-Zor (40.1° E, 35.3° N) is east and north of Daraa (36.1° E, 32.6° N).
        const daraa = await circleAt(page, fig, lang === 'en' ? 'Daraa' : 'درعا');
        const east = await circleAt(page, fig, deir);
        assert.ok(daraa && east, 'both circles are drawn');
        assert.ok(east.x > daraa.x, `Deir ez-Zor is drawn east of Daraa (${east.x} > ${daraa.x})`);
        assert.ok(east.y < daraa.y, 'and north of it');
        // 6 attacks against 4: areas in proportion, so widths as the square root.
        assert.ok(Math.abs(east.w / daraa.w - Math.sqrt(6 / 4)) < 0.05, `${east.w / daraa.w}`);
        assert.equal(await circleAt(page, fig, damascus), null, 'no attacks in Damascus: no circle');
        // The caption and the table follow the page; the table lists every region.
        const capDir = await page.locator(`${fig} figcaption`).evaluate((c) => getComputedStyle(c).direction);
        assert.equal(capDir, lang === 'ar' ? 'rtl' : 'ltr');
        assert.equal(await page.locator(`${fig} table tbody tr`).count(), 4);
      } finally {
        await page.close();
      }
    });
  }

  it('puts the legend at the start of the line: left in English, right in Arabic', async () => {
    const side = async (lang) => {
      const page = await h.open(BRIEF(lang), desktop);
      try {
        return await page.evaluate(() => {
          const svg = document.querySelector('figure.chart-map svg').getBoundingClientRect();
          const legend = document.querySelector('figure.chart-map .map-legend').getBoundingClientRect();
          return (legend.x + legend.width / 2 - svg.x) / svg.width;
        });
      } finally {
        await page.close();
      }
    };
    assert.ok((await side('en')) < 0.5);
    assert.ok((await side('ar')) > 0.5);
  });
});

describe('event maps', () => {
  it('open the timeline and region pages; a region page marks its own region', async () => {
    for (const lang of ['ar', 'en']) {
      const page = await h.open(`/${lang}/regions/daraa/`, desktop);
      try {
        assert.equal(await page.locator('#term-map svg').count(), 1);
        assert.equal(await page.locator('#term-map circle.map-bubble.map-highlight').count(), 1);
      } finally {
        await page.close();
      }
      const timeline = await h.open(`/${lang}/timeline/`, desktop);
      try {
        assert.equal(await timeline.locator('#timeline-map svg').count(), 1);
        assert.equal(await timeline.locator('#timeline-map .map-highlight').count(), 0);
      } finally {
        await timeline.close();
      }
    }
  });
});

describe('at a phone’s width and a desktop’s', () => {
  for (const [name, view] of [
    ['360', narrow],
    ['1280', desktop],
  ]) {
    it(`every map fits the page and is legible at ${name} px (screenshots)`, async () => {
      for (const lang of ['ar', 'en']) {
        for (const p of PAGES(lang)) {
          const page = await h.open(p, view);
          try {
            const map = page.locator('figure.chart-map').first();
            const box = await map.boundingBox();
            const width = await page.evaluate(() => document.documentElement.clientWidth);
            assert.ok(box.x >= 0 && box.x + box.width <= width + 1, `${p}: the map fits (${box.x}+${box.width} ≤ ${width})`);
            const smallest = await map.evaluate((f) =>
              Math.min(...[...f.querySelectorAll('svg text')].map((t) => t.getBoundingClientRect().height)),
            );
            assert.ok(smallest >= 10, `${p}: map text is at least 10 px tall (${smallest})`);
            const file = `maps-${p.replace(/\//g, '-').replace(/^-|-$/g, '')}-${name}.png`;
            await map.screenshot({ path: path.join(SCREENSHOTS, file) });
          } finally {
            await page.close();
          }
        }
      }
      assertNoProblems();
    });
  }
});

describe('the size of a map', () => {
  /** The map's width, its figure's, its centre's offset from the figure's, and 32rem, in px. */
  const measure = (page) =>
    page.evaluate(() => {
      const svg = document.querySelector('figure.chart-map svg').getBoundingClientRect();
      const fig = document.querySelector('figure.chart-map').getBoundingClientRect();
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      const off = svg.x + svg.width / 2 - (fig.x + fig.width / 2);
      return { svg: svg.width, fig: fig.width, off, cap: 32 * rem };
    });

  for (const lang of ['ar', 'en']) {
    it(`keeps to 32rem, centred, on a wide screen and fills a phone's column (${lang})`, async () => {
      for (const p of PAGES(lang)) {
        const wide = await h.open(p, desktop);
        try {
          const m = await measure(wide);
          assert.ok(m.svg <= m.cap + 0.5, `${p}: ${m.svg} px ≤ 32rem (${m.cap} px) at 1280 px`);
          assert.ok(m.fig > m.cap, `${p}: the column (${m.fig} px) is wider than the map`);
          assert.ok(Math.abs(m.off) <= 1, `${p}: centred in its figure (${m.off} px off)`);
        } finally {
          await wide.close();
        }
        const phone = await h.open(p, narrow);
        try {
          const m = await measure(phone);
          assert.ok(Math.abs(m.svg - m.fig) <= 0.5, `${p}: the column's full width at 360 px (${m.svg} of ${m.fig})`);
        } finally {
          await phone.close();
        }
      }
    });
  }
});
