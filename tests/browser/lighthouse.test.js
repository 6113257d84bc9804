// Lighthouse (mobile preset) on the example site, served over HTTP.
//
//   node --test tests/browser/lighthouse.test.js      (from the repository root)
//
// The pinned lighthouse@12.2.3 drives Debian's Chromium (CHROME_PATH, by
// default /usr/bin/chromium) through chrome-launcher, headless and without
// a sandbox. On the Arabic and English home, a brief with charts and the
// timeline, accessibility, best practices and SEO must score 100 and
// performance 95 or more. Performance is measured with Lighthouse's
// simulated slow-4G phone, so it does not depend on this machine's network;
// its blocking time still depends on how busy the CPU is, so a page under
// 95 is measured twice more and judged by the median of the three runs, as
// Lighthouse's own advice on variability has it. A failing category names
// the audits that cost it points. Reports go to
// target/lighthouse/ (JSON, one per page).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { serve } from './lib/server.js';
import { REPO, chartBrief, pagesOf, withExampleSite } from './lib/site.js';

const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const REPORTS = path.join(REPO, 'target', 'lighthouse');
const THRESHOLDS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };

withExampleSite(suite);

/** The audits of `category` that did not score full marks, worst first. */
function lostPoints(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a.score !== null && a.score < 1)
    .sort((a, b) => a.score - b.score)
    .map((a) => `${a.id} (${Math.round(a.score * 100)}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
}

function suite(site) {
  let server, chrome;
  const slug = chartBrief(site.dir, pagesOf(site.dir).slug);
  const pages = ['ar', 'en'].flatMap((lang) => [
    [`${lang} home`, `/${lang}/`],
    [`${lang} brief with charts`, `/${lang}/briefs/${slug}/`],
    [`${lang} timeline`, `/${lang}/timeline/`],
  ]);

  before(async () => {
    fs.mkdirSync(REPORTS, { recursive: true });
    server = await serve(site.dir);
    chrome = await chromeLauncher.launch({
      chromePath: CHROME_PATH,
      chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
  });

  after(async () => {
    await chrome?.kill();
    await server?.close();
  });

  describe('Lighthouse 12, mobile', () => {
    for (const [name, p] of pages) {
      it(`${name} scores ${Object.entries(THRESHOLDS).map(([c, t]) => `${c} ≥ ${t}`).join(', ')}`, async (t) => {
        const run = async () => {
          const result = await lighthouse(server.url(p), {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: Object.keys(THRESHOLDS),
          });
          assert.deepEqual(result.lhr.runtimeError ?? null, null, 'Lighthouse ran');
          return result;
        };
        const score = (lhr, c) => Math.round((lhr.categories[c].score ?? 0) * 100);
        const runs = [await run()];
        if (score(runs[0].lhr, 'performance') < THRESHOLDS.performance) runs.push(await run(), await run());
        // The run of median performance stands for the page.
        runs.sort((a, b) => score(a.lhr, 'performance') - score(b.lhr, 'performance'));
        const { lhr, report } = runs[Math.floor(runs.length / 2)];
        fs.writeFileSync(path.join(REPORTS, `${name.replaceAll(' ', '-')}.json`), report);
        const scores = Object.fromEntries(Object.keys(THRESHOLDS).map((c) => [c, score(lhr, c)]));
        const all = runs.map((r) => score(r.lhr, 'performance')).join(', ');
        t.diagnostic(`${p}: ${JSON.stringify(scores)}${runs.length > 1 ? ` (performance of ${runs.length} runs: ${all})` : ''}`);
        const failing = Object.entries(THRESHOLDS)
          .filter(([c, min]) => scores[c] < min)
          .map(([c, min]) => `${c} ${scores[c]} < ${min}:\n    ${lostPoints(lhr, c).join('\n    ')}`);
        assert.deepEqual(failing, [], `\n${failing.join('\n')}`);
      });
    }
  });
}
