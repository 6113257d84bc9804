// Headless Chromium through playwright-core, started the way
// ../../../../shared/tools/check-site/browse.cjs starts it: Debian's
// /usr/bin/chromium (no browser download), no sandbox (CI runs as root), no
// background networking (the machine has no network), and a fresh throw-away
// profile (playwright-core creates one per launch with --user-data-dir and
// deletes it on close).
//
// Every page opened through a context made here is watched: console errors,
// uncaught exceptions, requests that fail or answer >= 400, and requests to
// any origin other than the test server (those are aborted, never sent) are
// recorded in `problems`, which the last test asserts is empty.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from './server.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_VERSION = require('axe-core/package.json').version;
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** `light` unless MUJAZ_COLOR_SCHEME says `dark`. */
export const COLOR_SCHEME = process.env.MUJAZ_COLOR_SCHEME === 'dark' ? 'dark' : 'light';

/** Problems seen on any page: {page, kind, detail}. */
export const problems = [];

/**
 * A browser context whose pages may talk to `origin` only.
 * `options` go to browser.newContext (viewport, javaScriptEnabled, …).
 */
export async function newContext(browser, origin, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    // The colour scheme the pages are seen in: CI runs the tests once per
    // scheme (MUJAZ_COLOR_SCHEME=dark the second time).
    colorScheme: COLOR_SCHEME,
    bypassCSP: true,
    serviceWorkers: 'block',
    ...options,
  });
  const local = (u) => u === origin || u.startsWith(origin + '/');
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(https?|wss?):/.test(url) && !local(url)) {
      problems.push({ page: pageOf(route.request()), kind: 'external request', detail: url });
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  context.on('page', (page) => watch(page, local));
  return context;
}

function pageOf(request) {
  try {
    return request.frame().page().url();
  } catch {
    return '?';
  }
}

// A 404 that a test asks for on purpose (the not-found page) is not a problem.
const expectedStatus = new WeakMap();

function watch(page, local) {
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A blocked external request shows up here too; it is already recorded.
    const src = m.location()?.url || '';
    if (src && !local(src) && m.text().startsWith('Failed to load resource')) return;
    // So does the status of a page asked for with an error status on purpose.
    const expected = expectedStatus.get(page);
    if (expected && src === expected.url && m.text().includes(`status of ${expected.status} `)) return;
    problems.push({ page: page.url(), kind: 'console error', detail: m.text() });
  });
  page.on('pageerror', (e) => problems.push({ page: page.url(), kind: 'uncaught exception', detail: String(e) }));
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const expected = expectedStatus.get(page);
    if (expected && r.request().isNavigationRequest() && r.url() === expected.url && r.status() === expected.status) {
      return;
    }
    problems.push({ page: page.url(), kind: 'failed request', detail: `${r.status()} ${r.url()}` });
  });
  page.on('requestfailed', (r) => {
    if (!local(r.url())) return; // blocked on purpose, recorded by the route
    problems.push({ page: page.url(), kind: 'failed request', detail: `${r.failure()?.errorText} ${r.url()}` });
  });
}

/**
 * Opens `url` in a new page of `context` and waits for it to load.
 * `status` is the HTTP status the document must answer with (200 by default).
 */
export async function open(context, url, { status = 200 } = {}) {
  const page = await context.newPage();
  if (status !== 200) expectedStatus.set(page, { url, status });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || response.status() !== status) {
    await page.close();
    throw new Error(`${url}: HTTP ${response ? response.status() : 'no response'}, expected ${status}`);
  }
  return page;
}

/**
 * What a test file needs to look at a site: `dir` (a folder, or a function
 * that gives it once the suite's earlier `before` hooks have run) served over
 * HTTP and Chromium launched before the tests of the suite this is called
 * in, both closed after them. The fields `server` and `browser` are set from
 * then on; pages are opened with `open` and `visit` at a width and colour
 * scheme, each kind of context being made once.
 */
export function browse(dir) {
  const contexts = new Map();
  const harness = {
    server: null,
    browser: null,
    /** How many pages `open` and `visit` opened. */
    visited: 0,
    url: (p) => harness.server.url(p),
    /**
     * The context of pages `width` CSS px wide (1280 by default; `height`
     * 800 under 600 px, else 900) in `scheme` (COLOR_SCHEME by default),
     * with JavaScript unless `javaScript` is false. `phone` adds what a
     * phone has: a touch screen, two device pixels per CSS pixel, and the
     * page's viewport meta tag obeyed.
     */
    async context({ width = 1280, height, scheme = COLOR_SCHEME, javaScript = true, phone = false } = {}) {
      height ??= width < 600 ? 800 : 900;
      const key = JSON.stringify([width, height, scheme, javaScript, phone]);
      if (!contexts.has(key)) {
        const options = { viewport: { width, height }, colorScheme: scheme, javaScriptEnabled: javaScript };
        if (phone) Object.assign(options, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
        contexts.set(key, newContext(harness.browser, harness.server.origin, options));
      }
      return contexts.get(key);
    },
    /**
     * Opens the site's path `p` in the context `view` names (as `context`
     * takes it); `status` is the HTTP status the page must answer with.
     */
    async open(p, view = {}, { status } = {}) {
      const page = await open(await harness.context(view), harness.url(p), { status });
      harness.visited++;
      return page;
    },
    /** Opens `p` as `open` does, runs `fn(page)`, closes the page. */
    async visit(p, view, fn, options) {
      const page = await harness.open(p, view, options);
      try {
        return await fn(page);
      } finally {
        await page.close();
      }
    },
  };
  before(async () => {
    harness.server = await serve(typeof dir === 'function' ? dir() : dir);
    harness.browser = await launch();
  });
  after(async () => {
    await harness.browser?.close();
    await harness.server?.close();
  });
  return harness;
}

/**
 * Fails with one line per kind of problem (and how often it was seen) when
 * any page opened in this file had a console error, a failed request or a
 * request leaving the test server.
 */
export function assertNoProblems() {
  const seen = new Map();
  for (const p of problems) {
    const line = `  ${p.kind}: ${p.detail}\n    on ${p.page}`;
    seen.set(line, (seen.get(line) || 0) + 1);
  }
  const lines = [...seen].map(([line, n]) => (n > 1 ? `${line} (${n} times)` : line));
  assert.equal(problems.length, 0, `${problems.length} problem(s):\n${lines.join('\n')}`);
}

/**
 * Runs axe-core on `page` with the WCAG 2.0/2.1 A and AA rules and returns
 * its violations. axe-core takes joined Arabic script for an icon font and
 * then skips it (and, after three such nodes, all text in that font) in
 * color-contrast, so on a page with Arabic text that one rule is run again
 * with the Arabic letters swapped for Latin ones of the same colour and size,
 * as check-site does. This changes the page's text: close the page after.
 */
export async function axe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  const contrast = await page.evaluate(() => {
    const arabic = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]/g;
    if (!document.body || !document.body.textContent.match(arabic)) return null;
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode()); ) n.nodeValue = n.nodeValue.replace(arabic, 'x');
    return window.axe.run(document, { runOnly: ['color-contrast'], resultTypes: ['violations'] });
  });
  let violations = result.violations;
  if (contrast) {
    violations = violations
      .filter((v) => v.id !== 'color-contrast')
      .concat(contrast.violations.map((v) => ({ ...v, help: v.help + ' (Arabic text checked as Latin)' })));
  }
  return violations;
}

/** One line per violation, with the first few elements it hits. */
export function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 3)
        .map((n) => `      ${n.target.join(' ')}: ${(n.failureSummary || '').split('\n').slice(1, 2).join('').trim()}`)
        .join('\n');
      return `  ${v.id} (${v.impact}, ${v.nodes.length} element(s)): ${v.help}\n${nodes}`;
    })
    .join('\n');
}
