// What a reader's browser downloads before a first search result, and what
// the search finds: mujaz's search page against Pagefind, in headless
// Chromium (playwright-core from tests/browser/node_modules).
//
//   node bench/search_transfer.mjs transfer DIR LANG WORD...   bytes before the first results
//   node bench/search_transfer.mjs recall DIR                  tests/data/search/queries.yaml on both
//
// DIR is a built site; Pagefind is measured too when DIR/pagefind/ exists
// (bench/search_compare.sh makes it). Bytes are the bodies of every
// response, uncompressed, from the navigation to the first results shown:
// mujaz's page with ?q=WORD until its first result is in the list; for
// Pagefind a page that loads pagefind.js, searches WORD and loads the data
// of the first five results, as Pagefind's own UI does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, newContext } from '../tests/browser/lib/browser.js';
import { serve } from '../tests/browser/lib/server.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [mode, dir, ...rest] = process.argv.slice(2);

function pagefindPage(lang) {
  // In the language's folder with its lang, so Pagefind reads that language's index.
  const file = path.join(dir, lang, 'pagefind-bench.html');
  fs.writeFileSync(
    file,
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>bench</title></head><body><ol id="r"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get('q');
const all = new URLSearchParams(location.search).has('all');
const pf = await import('/pagefind/pagefind.js');
await pf.init();
const r = await pf.search(q);
const shown = all ? r.results : r.results.slice(0, 5);
const data = await Promise.all(shown.map((x) => x.data()));
for (const d of data) { const li = document.createElement('li'); li.textContent = d.url; document.getElementById('r').append(li); }
window.done = data.map((d) => d.url);
</script></body></html>`,
  );
  return `/${lang}/pagefind-bench.html`;
}

async function measure(context, url, ready) {
  const page = await context.newPage();
  let all = 0;
  let index = 0;
  const pending = [];
  page.on('response', (r) =>
    pending.push(
      r.body().then(
        (b) => {
          all += b.length;
          if (/\/(search|pagefind)\/.*\.(json|pf_\w+|wasm|js)$|pagefind\/.*$/.test(new URL(r.url()).pathname) && !r.url().endsWith('.html')) index += b.length;
        },
        () => {},
      ),
    ),
  );
  await page.goto(url);
  await page.waitForFunction(ready, null, { timeout: 20000 });
  await Promise.all(pending);
  const found = await page.evaluate(() => window.done || [...document.querySelectorAll('#search-results h2 a')].map((a) => a.href));
  await page.close();
  return { all, index, found };
}

const mujazReady = () => document.querySelector('#search-results > li') || document.querySelector('#search-suggest:not([hidden])');
const pagefindReady = () => window.done !== undefined;

const server = await serve(dir);
const browser = await launch();
const context = await newContext(browser, server.origin);
const hasPagefind = fs.existsSync(path.join(dir, 'pagefind'));

if (mode === 'transfer') {
  const [lang, ...words] = rest;
  console.log('| engine | lang | query | index kB | all kB | results shown |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const w of words) {
    const m = await measure(context, server.url(`/${lang}/search/?q=${encodeURIComponent(w)}`), mujazReady);
    console.log(`| mujaz | ${lang} | ${w} | ${(m.index / 1024).toFixed(1)} | ${(m.all / 1024).toFixed(1)} | ${m.found.length} |`);
    if (hasPagefind) {
      const p = await measure(context, server.url(`${pagefindPage(lang)}?q=${encodeURIComponent(w)}`), pagefindReady);
      console.log(`| Pagefind | ${lang} | ${w} | ${(p.index / 1024).toFixed(1)} | ${(p.all / 1024).toFixed(1)} | ${p.found.length} |`);
    }
  }
} else if (mode === 'recall') {
  // queries.yaml is one flow mapping a line: read it without a YAML parser.
  const text = fs.readFileSync(path.join(REPO, 'tests/data/search/queries.yaml'), 'utf8');
  const queries = [...text.matchAll(/\{lang: (\w+), q: "([^"]+)", expect: ([\w-]+)(?:, also: \[([^\]]*)\])?\}/g)].map((m) => ({
    lang: m[1],
    q: m[2],
    expect: m[3],
    also: (m[4] || '').split(',').map((s) => s.trim()).filter(Boolean),
  }));
  const engines = [['mujaz', (q) => server.url(`/${q.lang}/search/?q=${encodeURIComponent(q.q)}`), mujazReady]];
  if (hasPagefind) engines.push(['Pagefind', (q) => server.url(`${pagefindPage(q.lang)}?all&q=${encodeURIComponent(q.q)}`), pagefindReady]);
  const slug = (u) => u.replace(/\/$/, '').split('/').pop();
  console.log('| engine | Arabic recall | Arabic precision@1 | English recall | English precision@1 |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, url, ready] of engines) {
    const s = { ar: [0, 0, 0], en: [0, 0, 0] };
    const misses = [];
    for (const q of queries) {
      const m = await measure(context, url(q), ready);
      const slugs = m.found.map(slug);
      s[q.lang][0]++;
      if (slugs.includes(q.expect)) s[q.lang][1]++;
      else misses.push(`${q.lang} ${q.q}`);
      if (slugs.length && (slugs[0] === q.expect || q.also.includes(slugs[0]))) s[q.lang][2]++;
    }
    const pc = (a, b) => `${((100 * a) / b).toFixed(0)} %`;
    console.log(
      `| ${name} | ${s.ar[1]}/${s.ar[0]} (${pc(s.ar[1], s.ar[0])}) | ${pc(s.ar[2], s.ar[0])} | ${s.en[1]}/${s.en[0]} (${pc(s.en[1], s.en[0])}) | ${pc(s.en[2], s.en[0])} |`,
    );
    console.error(`${name} misses: ${misses.join('; ')}`);
  }
}
await browser.close();
await server.close();
